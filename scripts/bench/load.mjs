/**
 * In-process load generation on loopback: node:http keep-alive agents, N connections each
 * sending one request after another, bounded by time and by count. No dependency.
 */
import { Agent, request as httpRequest } from 'node:http';

/** One HTTP request; resolves to { status, headers, text }. */
export function send(url, { method = 'POST', headers = {}, body, agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Headers of a JSON-RPC POST; `sse` for servers that insist on both media types (the SDK's). */
export function rpcHeaders(extra = {}, { sse = false } = {}) {
  return { 'content-type': 'application/json', accept: sse ? 'application/json, text/event-stream' : 'application/json', 'mcp-protocol-version': '2025-11-25', ...extra };
}

/**
 * `connections` keep-alive clients POST `body` to `url` for `seconds` (at most `maxRequests` in all).
 * Every answer must be 200 and pass `check(text)`, else the run fails: a fast error is not throughput.
 * Resolves to { perSecond, latencies, count }.
 */
export async function load({ url, body, headers, connections, seconds, maxRequests = 2_000_000, check = () => true }) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies = [];
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let started = 0;
  try {
    await Promise.all(Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && started < maxRequests) {
        started++;
        const start = performance.now();
        const reply = await send(url, { headers, body, agent });
        if (reply.status !== 200 || !check(reply.text)) throw new Error(`load on ${url}: ${reply.status} ${reply.text.slice(0, 300)}`);
        latencies.push(performance.now() - start);
      }
    }));
  } finally {
    agent.destroy();
  }
  return { perSecond: latencies.length / ((performance.now() - t0) / 1000), latencies, count: latencies.length };
}

/** The JSON-RPC bodies the load sections send, and how each checks an answer. */
export const BODIES = {
  list: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  call: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'assistant-list', arguments: {} } }),
};
export const isList = (text) => text.includes('"tools"');
export const isResult = (text) => text.includes('"result"') && !text.includes('"isError":true');
