// The fake Files / Uploads / Vector Stores / container-files API, mounted into both fake upstreams
// (assistants-server.ts, responses-server.ts) with one line: `if (files.owns(req)) return files.handle(req, res)`.
// Every request is checked against the official schema by the host fake's SpecCheck (openapi-validate.ts): counted,
// refused like the real server (400 naming the field), and failing the test when the fake closes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, bad, notFound } from './files-errors.js';
import { createFilesState, now, type FilesState, type Json } from './files-state.js';
import { decodeSegment, errorBody, receive, type Query, type RecordedRequest, type createRules } from './http-kit.js';
import type { FormPart } from './multipart.js';
import type { SpecCheck } from './openapi-validate.js';

export { NEVER_INDEXED, UNINDEXABLE } from './files-state.js';

export interface MountOptions {
  requests: RecordedRequest[];
  rules: ReturnType<typeof createRules>;
  /** The host fake's authentication check (throws its own error objects with status/message). */
  checkAccess: (headers: Record<string, string>, query: Query) => void;
  /** The host fake's schema check: files requests are counted and judged with the host's own. */
  spec: SpecCheck;
  /** Require `OpenAI-Beta: assistants=v2` on /vector_stores calls, as the spec's examples send it (default true). */
  requireBetaOnVectorStores?: boolean;
}

type Handler = (p: string[], body: Json, q: Query, form: FormPart[]) => unknown;
interface Route { method: string; re: RegExp; handler: Handler; bytes?: true }

const OWNED = /^\/(v1\/)?(files|uploads|vector_stores|containers)(\/|$|\?)/;
const q1 = (q: Query, key: string): string | undefined => { const v = q[key]; return Array.isArray(v) ? v[0] : v; };

function paginate(all: Json[], q: Query, maxLimit = 100): Json {
  const limit = Number(q1(q, 'limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) bad(`Invalid 'limit': expected an integer from 1 to ${maxLimit}.`, 'limit', 'invalid_value');
  const order = q1(q, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') bad(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
  let items = order === 'desc' ? [...all].reverse() : [...all];
  const after = q1(q, 'after');
  if (after) items = items.slice(items.findIndex((x) => x.id === after) + 1);
  const data = items.slice(0, limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > data.length };
}

function routes(state: FilesState): Route[] {
  const F = '/files/([^/]+)';
  const V = '/vector_stores/([^/]+)';
  const B = `${V}/file_batches/([^/]+)`;
  const C = '/containers/([^/]+)/files/([^/]+)';
  const filePart = (form: FormPart[], name: string) => form.find((p) => p.name === name && p.filename !== undefined) ?? bad(`Missing required parameter: '${name}'.`, name, 'missing_required_parameter');
  const vsFile = (vsId: string, id: string) => state.store(vsId).files.get(id) ?? notFound('vector store file', id);
  const read = (vsId: string) => { const vs = state.store(vsId); state.index(vs); return vs; };
  const r = (method: string, path: string, handler: Handler, extra: Partial<Route> = {}): Route => ({ method, re: new RegExp(`^${path}$`), handler, ...extra });
  return [
    r('POST', '/files', (_p, b, _q, form) => {
      const part = filePart(form, 'file');
      return state.addFile(part.filename!, b.purpose, part.data);
    }),
    r('GET', '/files', (_p, _b, q) => paginate([...state.files.values()].map((f) => f.obj).filter((f) => !q1(q, 'purpose') || f.purpose === q1(q, 'purpose')), q, 10000)),
    r('GET', F, ([id]) => state.file(id!).obj),
    r('DELETE', F, ([id]) => { state.file(id!); state.files.delete(id!); return { id, object: 'file', deleted: true }; }),
    r('GET', `${F}/content`, ([id]) => state.file(id!).data, { bytes: true }),
    r('POST', '/uploads', (_p, b) => {
      if (b.bytes > 8 * 1024 ** 3) bad('An upload may have at most 8 GB.', 'bytes');
      const obj = { id: state.mint('upload'), object: 'upload', bytes: b.bytes, created_at: now(), filename: b.filename, purpose: b.purpose, status: 'pending', expires_at: now() + 3600, mime_type: b.mime_type };
      state.uploads.set(obj.id, { obj, parts: new Map() });
      return obj;
    }),
    r('POST', '/uploads/([^/]+)/parts', ([id], _b, _q, form) => {
      const upload = state.uploads.get(id!) ?? notFound('upload', id!);
      if (upload.obj.status !== 'pending') bad(`Upload ${id} is ${upload.obj.status}.`);
      const data = filePart(form, 'data').data;
      if (data.length > 64 * 1024 * 1024) bad('A part may have at most 64 MB.', 'data');
      const part = { id: state.mint('part'), object: 'upload.part', created_at: now(), upload_id: id };
      upload.parts.set(part.id, Buffer.from(data));
      return part;
    }),
    r('POST', '/uploads/([^/]+)/complete', ([id], b) => state.completeUpload(id!, b.part_ids)),
    r('POST', '/uploads/([^/]+)/cancel', ([id]) => {
      const upload = state.uploads.get(id!) ?? notFound('upload', id!);
      upload.obj.status = 'cancelled';
      return upload.obj;
    }),
    r('GET', '/vector_stores', (_p, _b, q) => paginate([...state.stores.values()].map((vs) => vs.obj), q)),
    r('POST', '/vector_stores', (_p, b) => state.newStore(b).obj),
    r('GET', V, ([id]) => read(id!).obj),
    r('POST', V, ([id], b) => {
      const vs = state.store(id!);
      for (const key of ['name', 'expires_after', 'metadata']) if (b[key] !== undefined) vs.obj[key] = b[key];
      return vs.obj;
    }),
    r('DELETE', V, ([id]) => { state.store(id!); state.stores.delete(id!); return { id, object: 'vector_store.deleted', deleted: true }; }),
    r('POST', `${V}/search`, ([id], b) => {
      state.store(id!);
      const queries = Array.isArray(b.query) ? b.query : [b.query];
      const hits = state.search([id!], queries.join(' '), b.max_num_results ?? 10);
      return { object: 'vector_store.search_results.page', search_query: queries, data: hits.map((h) => ({ file_id: h.file_id, filename: h.filename, score: h.score, attributes: {}, content: [{ type: 'text', text: h.text }] })), has_more: false, next_page: null };
    }),
    r('GET', `${V}/files`, ([id], _b, q) => paginate([...read(id!).files.values()].filter((e) => !q1(q, 'filter') || e.status === q1(q, 'filter')), q)),
    r('POST', `${V}/files`, ([id], b) => { const vs = state.store(id!); const entry = state.attach(vs, b.file_id, b); vs.obj = state.storeObject(vs); return entry; }),
    r('GET', `${V}/files/([^/]+)`, ([id, fid]) => { read(id!); return vsFile(id!, fid!); }),
    r('DELETE', `${V}/files/([^/]+)`, ([id, fid]) => { vsFile(id!, fid!); state.store(id!).files.delete(fid!); return { id: fid, object: 'vector_store.file.deleted', deleted: true }; }),
    r('POST', `${V}/file_batches`, ([id], b) => {
      const vs = state.store(id!);
      const fileIds: string[] = b.file_ids ?? (b.files ?? []).map((f: Json) => f.file_id);
      if (!fileIds.length) bad('Provide file_ids or files.', 'file_ids');
      for (const fid of fileIds) state.attach(vs, fid, b);
      const batch = { obj: state.batchObject(vs, { id: state.mint('vsfb'), object: 'vector_store.files_batch', created_at: now(), vector_store_id: id }, fileIds), fileIds };
      vs.batches.set(batch.obj.id, batch);
      vs.obj = state.storeObject(vs);
      return batch.obj;
    }),
    r('GET', B, ([id, bid]) => (read(id!).batches.get(bid!) ?? notFound('file batch', bid!)).obj),
    r('GET', `${B}/files`, ([id, bid], _b, q) => {
      const vs = read(id!);
      const batch = vs.batches.get(bid!) ?? notFound('file batch', bid!);
      return paginate(batch.fileIds.map((fid) => vs.files.get(fid)).filter((e): e is Json => !!e && (!q1(q, 'filter') || e.status === q1(q, 'filter'))), q);
    }),
    r('GET', C, ([cid, fid]) => (state.containers.get(cid!)?.get(fid!) ?? notFound('container file', fid!)).obj),
    r('GET', `${C}/content`, ([cid, fid]) => (state.containers.get(cid!)?.get(fid!) ?? notFound('container file', fid!)).data, { bytes: true }),
  ];
}

export function mountFiles(options: MountOptions) {
  const state = createFilesState();
  const table = routes(state);
  let requestSeq = 0;
  return {
    state,
    owns: (req: IncomingMessage) => OWNED.test(req.url ?? ''),
    async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const requestId = `req_files_${++requestSeq}`;
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        if (res.headersSent || res.destroyed) return;
        const payload = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
        res.writeHead(status, { 'content-type': Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json', 'x-request-id': requestId, ...headers, 'content-length': payload.length });
        res.end(payload);
      };
      const received = await receive(req, res, options.requests, options.rules, send, options.spec).catch(() => undefined);
      if (!received) return;
      const { record, form, badJson, url } = received;
      try {
        options.checkAccess(record.headers, record.query);
        if (record.path.startsWith('/vector_stores') && options.requireBetaOnVectorStores !== false && !(record.headers['openai-beta'] ?? '').includes('assistants=v2')) {
          bad("You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.");
        }
        for (const route of table) {
          const match = route.method === record.method ? route.re.exec(record.path) : null;
          if (!match) continue;
          if (badJson) bad('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.');
          const body = (record.body ?? {}) as Json;
          send(200, route.handler(match.slice(1).map(decodeSegment), body, record.query, form), received.extraHeaders);
          return;
        }
        throw new ApiError(404, `Invalid URL (${record.method} ${url.pathname})`);
      } catch (err) {
        const e = err as ApiError;
        if (typeof e?.status !== 'number') return send(500, errorBody(`Fake server error: ${String((err as Error)?.message ?? err)}`, 'server_error', null, null));
        send(e.status, errorBody(e.message, e.type ?? 'invalid_request_error', e.param ?? null, e.code ?? null));
      }
    },
  };
}

export type FakeFiles = ReturnType<typeof mountFiles>;
