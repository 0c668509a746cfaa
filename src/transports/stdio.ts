/** The stdio transport: newline-delimited JSON-RPC on stdin/stdout; diagnostics to stderr only. */
import type { Readable, Writable } from 'node:stream';
import { createConnection } from '../connection.js';
import { CODES, errorResponse } from '../jsonrpc.js';
import { serializeMessage } from '../raw-json.js';
import type { ServerCore } from '../server.js';
import { createHeapRelief } from '../node/heap-relief.js';
import { MAX_LINE_BYTES, createLineSplitter } from './lines.js';

const DEFAULT_EXIT_GRACE_MS = 2000;
/** How long cancelled calls get to unwind (abort handlers, log lines) before the process goes. */
const CANCEL_SETTLE_MS = 500;

/** True when `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Serves one client until `input` ends; resolves when every answer has been written. */
export function serveStdio(server: ServerCore, input: Readable, output: Writable): Promise<void> {
  const write = (message: object) => {
    output.write(`${serializeMessage(message)}\n`);
  };
  const connection = createConnection(server, write);
  const maxBytes = server.config.maxMessageBytes ?? MAX_LINE_BYTES;
  const splitter = createLineSplitter(maxBytes);

  const relief = createHeapRelief();
  // Bytes, not text: the splitter decodes only lines it keeps.
  input.on('data', (chunk: Uint8Array) => {
    relief.note(chunk.byteLength);
    for (const line of splitter.push(chunk)) connection.receive(line);
    if (splitter.takeOverflow()) {
      write(errorResponse(null, CODES.INVALID_REQUEST, `Invalid Request: message longer than ${maxBytes} bytes was dropped (MCP_MAX_MESSAGE_BYTES)`));
    }
  });

  return new Promise((resolve) => {
    input.once('close', finish);
    input.once('end', finish);
    input.once('error', finish);
    let finished = false;
    async function finish() {
      if (finished) return;
      finished = true;
      // Answer what was asked before stdin closed (e.g. `echo '{...}' | npx ...`), within a grace:
      // a client that closed stdin expects the server gone in seconds, not after upstream timeouts.
      if (!(await settlesWithin(connection.idle(), server.config.exitGraceMs ?? DEFAULT_EXIT_GRACE_MS))) {
        // Cancelled calls abort their upstream requests and streams; their answers are dropped.
        connection.close();
        await settlesWithin(connection.idle(), CANCEL_SETTLE_MS);
      }
      output.write('', () => resolve());
    }
  });
}
