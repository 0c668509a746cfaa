// Seeded generators for `npm run fuzz`: JSON-RPC inputs (one stdio line, or one HTTP body) and
// HTTP requests around them. Each input says what a correct server must do with it, so the
// runner can check one answer per id, the error code family, and whether the upstream may be reached.
import { TOOLS } from '../../.build/src/tools/index.js';
import { exampleOf } from '../../.build/src/validate.js';

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const pick = (items) => items[int(items.length)];
  return { next, int, pick, chance: (p) => next() < p };
}

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const ODD_STRINGS = ['', ' ', 'é€😀', '\u0000', '\ud800', '../../etc/passwd', '%ZZ', '<script>', 'a'.repeat(300), '-1', 'null', '{}'];

function randomScalar(r) {
  switch (r.int(7)) {
    case 0: return r.int(2_000_000) - 1_000_000;
    case 1: return r.next() * 1e6;
    case 2: return r.pick([true, false, null]);
    case 3: return r.pick(ODD_STRINGS);
    case 4: return r.pick([1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
    default: return `s${r.int(1000)}`;
  }
}

function randomValue(r, depth = 0) {
  if (depth > 3 || r.chance(0.5)) return randomScalar(r);
  if (r.chance(0.5)) return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
  const out = {};
  for (let i = r.int(4); i > 0; i--) out[r.chance(0.3) ? r.pick(PROTOTYPE_NAMES) : `k${r.int(20)}`] = randomValue(r, depth + 1);
  return out;
}

/** Text nesting `levels` objects/arrays around a scalar, built as text (too deep to stringify). */
function nested(r, levels) {
  const array = r.chance(0.5);
  return (array ? '[' : '{"a":').repeat(levels) + '1' + (array ? ']' : '}').repeat(levels);
}

const KNOWN_METHODS = ['ping', 'tools/list', 'resources/list', 'resources/templates/list', 'resources/read', 'prompts/list', 'prompts/get', 'completion/complete', 'logging/setLevel', 'server/discover'];

/**
 * One JSON-RPC input. `id` is the id its answer must carry (undefined: no answer by id);
 * `nullAnswer` says one answer with id null is due; `upstream` is how many upstream requests
 * it may cause (only a valid assistant-list causes one).
 */
export function generateInput(r, id) {
  const roll = r.next();
  const envelope = (fields) => ({ jsonrpc: '2.0', id, ...fields });
  const json = (value) => JSON.stringify(value);
  if (roll < 0.07) {
    // Malformed JSON: cut a valid message short, or add junk.
    const text = json(envelope({ method: 'ping' }));
    const broken = r.chance(0.5) ? text.slice(0, 1 + r.int(text.length - 2)) : `${text.slice(0, -1)}${r.pick([',', ' x', '}}', ':'])}`;
    return { text: broken.replace(/\n/g, ' '), nullAnswer: true, kind: 'parse' };
  }
  if (roll < 0.1) return { text: json(r.pick([42, 'text', null, true, 1.5])), nullAnswer: true, kind: 'scalar' };
  if (roll < 0.13) {
    const batch = r.chance(0.3) ? [] : [envelope({ method: 'ping' }), { jsonrpc: '2.0', id: `b${id}`, method: 'tools/list' }];
    return { text: json(batch), nullAnswer: true, kind: 'batch' };
  }
  if (roll < 0.21) {
    switch (r.int(4)) {
      case 0: return { text: json({ jsonrpc: r.pick(['1.0', 2, null]), id, method: 'ping' }), id, codes: [-32600], kind: 'envelope' };
      case 1: return { text: json({ jsonrpc: '2.0', id, method: r.pick([7, null, {}, []]) }), id, codes: [-32600], kind: 'envelope' };
      case 2: return { text: json(envelope({ method: 'ping', params: r.pick([[1], 3, 'x', true]) })), id, codes: [-32600], kind: 'envelope' };
      default: return { text: json({ jsonrpc: '2.0', id: r.pick([1.5, true, {}, [1]]), method: 'ping' }), nullAnswer: true, kind: 'envelope' };
    }
  }
  if (roll < 0.28) {
    const method = r.chance(0.5) ? r.pick(PROTOTYPE_NAMES) : r.pick(['nope', 'tools/nope', 'TOOLS/LIST', '', 'x'.repeat(200)]);
    return { text: json(envelope({ method })), id, codes: [-32601], kind: 'method' };
  }
  if (roll < 0.33) {
    // A notification: never answered (not `notifications/cancelled`, which could hit a real request).
    return { text: json({ jsonrpc: '2.0', method: r.pick(['notifications/initialized', 'tools/list', 'nope', 'constructor']), params: randomObject(r) }), kind: 'notification' };
  }
  if (roll < 0.48) {
    const method = r.pick(KNOWN_METHODS);
    return { text: json(envelope({ method, params: randomObject(r) })), id, codes: 'any', kind: 'protocol' };
  }
  if (roll < 0.53) {
    const levels = 65 + r.int(r.chance(0.2) ? 100_000 : 3000);
    const where = r.chance(0.5) ? `{"name":"${r.pick(TOOLS).name}","arguments":{"metadata":${nested(r, levels)}}}` : `{"level":${nested(r, levels)}}`;
    return { text: `{"jsonrpc":"2.0","id":${json(id)},"method":"${where.startsWith('{"name"') ? 'tools/call' : 'logging/setLevel'}","params":${where}}`, id, codes: [-32602], kind: 'deep' };
  }
  if (roll < 0.58) {
    return { text: json(envelope({ method: 'tools/call', params: { name: 'assistant-list', arguments: r.chance(0.5) ? {} : { limit: 1 + r.int(100), order: r.pick(['asc', 'desc']) } } })), id, tool: 'ok', upstream: 1, kind: 'valid-call' };
  }
  if (roll < 0.62) {
    const name = r.chance(0.5) ? r.pick(PROTOTYPE_NAMES) : `no-such-${r.int(9)}`;
    return { text: json(envelope({ method: 'tools/call', params: { name, arguments: {} } })), id, codes: [-32602], kind: 'tool-name' };
  }
  // Invalid tool arguments: an unknown key always makes them invalid (every tool forbids extras), whatever else changed.
  const tool = r.pick(TOOLS);
  const args = { ...exampleOf(tool.inputSchema) };
  for (const key of Object.keys(args)) if (r.chance(0.3)) args[key] = randomValue(r);
  const extra = r.chance(0.6) ? r.pick(PROTOTYPE_NAMES) : `bogus_${r.int(100)}`;
  const text = json(envelope({ method: 'tools/call', params: { name: tool.name, arguments: args } }));
  // Spliced in as text, so "__proto__" arrives as an own key, as it does from a real client.
  const withExtra = text.replace('"arguments":{', `"arguments":{"${extra}":${json(randomValue(r))}${Object.keys(args).length ? ',' : ''}`);
  return { text: withExtra, id, tool: 'invalid', kind: 'tool-args' };
}

function randomObject(r) {
  const value = randomValue(r, 1);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** A line over the message limit (dropped with one -32600 answer, id null). */
export function hugeLine(r, bytes) {
  return { text: `{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"assistant-create","arguments":{"model":"${'m'.repeat(bytes)}"}}}`, nullAnswer: true, kind: 'huge' };
}

/** One HTTP request around a generated body; `pathKey` marks a request whose path holds the key (never echoed). */
export function generateHttpRequest(r, i, key) {
  const input = generateInput(r, i);
  const method = r.chance(0.85) ? 'POST' : r.pick(['GET', 'DELETE', 'PUT', 'OPTIONS', 'PATCH']);
  const path = r.chance(0.7) ? '/mcp' : r.pick(['/', '/mcp/', '/health', '/mcp/%ZZ', '/mcp/%E0%A4%A', `/mcp/${key}/x`, `/mcp/${key}`, '/x/y', '/mcp?x=1', '/mcp/../mcp', '//mcp']);
  const headers = {};
  headers['content-type'] = r.chance(0.85) ? 'application/json' : r.pick(['text/plain', 'application/json; charset=utf-8', '', 'application/jsonx']);
  headers.accept = r.chance(0.8) ? 'application/json, text/event-stream' : r.pick(['text/html', '*/*', 'text/event-stream', 'application/json', '']);
  if (r.chance(0.9)) headers.authorization = r.chance(0.95) ? `Bearer ${key}` : r.pick(['Bearer', 'Basic abc', 'Bearer  a b']);
  if (r.chance(0.1)) headers['mcp-protocol-version'] = r.pick(['2025-06-18', '2026-07-28', 'junk', '2025-03-26']);
  if (r.chance(0.05)) headers.origin = r.pick(['https://evil.example', 'http://localhost:1234', 'null']);
  if (!headers['content-type']) delete headers['content-type'];
  if (!headers.accept) delete headers.accept;
  const body = method === 'GET' || method === 'OPTIONS' ? undefined : r.chance(0.95) ? input.text : randomBytes(r);
  return { method, path, headers, body, input };
}

function randomBytes(r) {
  return Array.from({ length: r.int(200) }, () => String.fromCharCode(r.int(256))).join('');
}
