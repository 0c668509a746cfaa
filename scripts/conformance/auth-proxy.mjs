/**
 * A loopback reverse proxy that adds `Authorization` to requests which carry none.
 * The conformance suite cannot send credentials, and our HTTP modes refuse requests
 * without them; everything else (Host, Origin, MCP headers, bodies, SSE) passes through
 * untouched, so the suite still sees the server's own answers.
 */
import { createServer, request as httpRequest } from 'node:http';

/** Starts the proxy in front of `target` (an http:// origin); `log` gets upstream errors. Resolves to { url, close() }. */
export async function startAuthProxy({ target, authorization, host = '127.0.0.1', path = '/mcp', log = () => {} }) {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const headers = withoutHopByHop(req.headers);
    if (headers.authorization === undefined) headers.authorization = authorization;
    const forward = httpRequest(
      // A fresh connection per request: a pooled one the server has just closed would
      // surface as a spurious 502.
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, withoutHopByHop(answer.headers));
        answer.pipe(res);
      },
    );
    forward.on('error', (error) => {
      log(`auth proxy: ${req.method} ${req.url}: ${error.message}\n`);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`auth proxy: ${error.message}`);
    });
    // A client that hangs up cancels the request upstream too (stream close = cancellation).
    res.on('close', () => forward.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    url: `http://${host}:${server.address().port}${path}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** Connection-scoped headers describe one hop, never the next one. */
function withoutHopByHop(headers) {
  const copy = { ...headers };
  for (const name of ['connection', 'keep-alive', 'proxy-connection', 'upgrade']) delete copy[name];
  return copy;
}
