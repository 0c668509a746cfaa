/**
 * A small ZIP writer (deflate, or stored when that is smaller), enough for an MCP Bundle:
 * no dependencies, fixed timestamps so the same input gives the same bytes (and sha256).
 */
import { deflateRawSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (the ZIP / PNG one). */
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// 1980-01-01 00:00, the earliest DOS date: reproducible archives.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * The bytes of a ZIP holding `files` ({ name, data: Uint8Array, mode? }), in the given order.
 * `mode` (e.g. 0o755) is recorded as Unix permissions.
 */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data, mode = 0o644 } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = deflateRawSync(data, { level: 9 });
    const stored = deflated.length >= data.length;
    const body = stored ? Buffer.from(data) : deflated;
    const crc = crc32(data);
    const common = (header) => {
      header.writeUInt16LE(20, 0); // version needed: 2.0
      header.writeUInt16LE(0x0800, 2); // UTF-8 names
      header.writeUInt16LE(stored ? 0 : 8, 4);
      header.writeUInt16LE(DOS_TIME, 6);
      header.writeUInt16LE(DOS_DATE, 8);
      header.writeUInt32LE(crc, 10);
      header.writeUInt32LE(body.length, 14);
      header.writeUInt32LE(data.length, 18);
      header.writeUInt16LE(nameBytes.length, 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    common(local.subarray(4));
    locals.push(local, nameBytes, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
    common(central.subarray(6));
    central.writeUInt32LE(((0o100000 | mode) << 16) >>> 0, 38); // external attributes: regular file + mode
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
