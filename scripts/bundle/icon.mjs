/** The bundle's icon, drawn here so the repository holds no binary: a 256×256 PNG. */
import { deflateSync } from 'node:zlib';
import { crc32 } from './zip.mjs';

const SIZE = 256;

/** Pixel colour: a dark rounded tile with a light ring (an "assistant" at a glance). */
function pixel(x, y) {
  const cx = x - SIZE / 2 + 0.5;
  const cy = y - SIZE / 2 + 0.5;
  const corner = Math.max(Math.abs(cx) - 88, 0) ** 2 + Math.max(Math.abs(cy) - 88, 0) ** 2;
  if (corner > 40 ** 2) return [0, 0, 0, 0];
  const r = Math.hypot(cx, cy);
  if (r > 54 && r < 78) return [236, 253, 245, 255];
  if (r < 22) return [16, 185, 129, 255];
  return [6, 78, 59, 255];
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
  return Buffer.concat([head, data, crc]);
}

export function iconPng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) rows.set(pixel(x, y), row + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}
