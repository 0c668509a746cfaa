/** The stdio transport: newline-delimited JSON-RPC on stdin/stdout; diagnostics to stderr only. */
import type { Readable, Writable } from 'node:stream';
import { createConnection } from '../connection.js';
import { CODES, errorResponse } from '../jsonrpc.js';
import { serializeMessage } from '../raw-json.js';
import type { ServerCore } from '../server.js';
import { MAX_LINE_CHARS, createLineSplitter } from './lines.js';

/** Serves one client until `input` ends; resolves when every answer has been written. */
export function serveStdio(server: ServerCore, input: Readable, output: Writable): Promise<void> {
  const write = (message: object) => {
    output.write(`${serializeMessage(message)}\n`);
  };
  const connection = createConnection(server, write);
  const splitter = createLineSplitter();

  input.setEncoding('utf8');
  input.on('data', (chunk: string) => {
    for (const line of splitter.push(chunk)) connection.receive(line);
    if (splitter.takeOverflow()) {
      write(errorResponse(null, CODES.INVALID_REQUEST, `Invalid Request: message longer than ${MAX_LINE_CHARS} characters was dropped`));
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
      // Answer what was asked before stdin closed (e.g. `echo '{...}' | npx ...`), then flush.
      await connection.idle();
      output.write('', () => resolve());
    }
  });
}
