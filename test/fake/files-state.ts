// The state of the fake Files / Uploads / Vector Stores / container-files API: files with their bytes,
// uploads with parts, vector stores whose files index one step per read (in_progress → completed, or
// failed for files that cannot be indexed), file batches, a word-overlap search, and container files.
import { ApiError, bad, notFound } from './files-errors.js';

export type Json = Record<string, any>;
export interface StoredFile { obj: Json & { id: string; filename: string }; data: Buffer }
export interface VectorStore { obj: Json & { id: string }; files: Map<string, Json>; batches: Map<string, { obj: Json; fileIds: string[] }> }
export interface Hit { file_id: string; filename: string; score: number; text: string }

/** Text that makes indexing fail, so tests can see a failed file. */
export const UNINDEXABLE = 'UNINDEXABLE';
/** Text that keeps a file in_progress for good, so tests can see a wait time out or be cancelled. */
export const NEVER_INDEXED = 'NEVER_INDEXED';
const now = (): number => Math.floor(Date.now() / 1000);

export { now };

export function createFilesState() {
  const files = new Map<string, StoredFile>();
  const uploads = new Map<string, { obj: Json; parts: Map<string, Buffer> }>();
  const stores = new Map<string, VectorStore>();
  const containers = new Map<string, Map<string, { obj: Json; data: Buffer }>>();
  let seq = 0;
  const mint = (prefix: string): string => `${prefix}_${(++seq).toString().padStart(6, '0')}fake`;

  const file = (id: string) => files.get(id) ?? notFound('file', id);
  const store = (id: string) => stores.get(id) ?? notFound('vector store', id);

  function addFile(filename: string, purpose: string, data: Buffer): Json {
    const obj = { id: mint('file'), object: 'file', bytes: data.length, created_at: now(), filename, purpose, status: 'processed', expires_at: null, status_details: null };
    files.set(obj.id, { obj, data });
    return obj;
  }

  function attach(vs: VectorStore, fileId: string, extras: Json): Json {
    file(fileId); // 404 for a file that does not exist, as the API answers
    const entry = {
      id: fileId, object: 'vector_store.file', usage_bytes: 0, created_at: now(), vector_store_id: vs.obj.id, status: 'in_progress',
      last_error: null, chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 800, chunk_overlap_tokens: 400 } }, attributes: extras.attributes ?? {},
    };
    if (extras.chunking_strategy?.type === 'static') entry.chunking_strategy = extras.chunking_strategy;
    vs.files.set(fileId, entry);
    return entry;
  }

  /** One indexing step for every in-progress file of the store. */
  function index(vs: VectorStore): void {
    for (const entry of vs.files.values()) {
      if (entry.status !== 'in_progress') continue;
      const f = files.get(entry.id);
      const text = f?.data.toString('utf8') ?? '';
      if (text.includes(NEVER_INDEXED)) continue;
      if (!f || f.data.length === 0 || text.includes(UNINDEXABLE)) {
        Object.assign(entry, { status: 'failed', last_error: { code: f ? 'unsupported_file' : 'server_error', message: f ? 'The file could not be parsed.' : 'The file was deleted.' } });
      } else {
        Object.assign(entry, { status: 'completed', usage_bytes: f.data.length });
      }
    }
    for (const batch of vs.batches.values()) batch.obj = batchObject(vs, batch.obj, batch.fileIds);
    vs.obj = storeObject(vs);
  }

  function counts(entries: Json[]) {
    const c = { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: entries.length };
    for (const e of entries) c[e.status as 'completed']++;
    return c;
  }
  function batchObject(vs: VectorStore, obj: Json, fileIds: string[]): Json {
    const file_counts = counts(fileIds.map((id) => vs.files.get(id)).filter((e): e is Json => !!e));
    return { ...obj, status: file_counts.in_progress ? 'in_progress' : 'completed', file_counts };
  }
  function storeObject(vs: VectorStore): VectorStore["obj"] {
    const file_counts = counts([...vs.files.values()]);
    const usage_bytes = [...vs.files.values()].reduce((sum, e) => sum + e.usage_bytes, 0);
    return { ...vs.obj, file_counts, usage_bytes, status: file_counts.in_progress ? 'in_progress' : 'completed', last_active_at: now() };
  }

  /** Chunks of the indexed files of `storeIds` sharing words with `query`, best first. */
  function search(storeIds: string[], query: string, max = 10): Hit[] {
    const words = new Set(query.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []);
    const hits: Hit[] = [];
    for (const id of storeIds) {
      for (const entry of stores.get(id)?.files.values() ?? []) {
        const f = files.get(entry.id);
        if (entry.status !== 'completed' || !f) continue;
        for (const sentence of f.data.toString('utf8').split(/(?<=[.!?])\s+|\n+/)) {
          const found = (sentence.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []).filter((w) => words.has(w));
          const score = words.size ? new Set(found).size / words.size : 0;
          if (score > 0) hits.push({ file_id: f.obj.id, filename: f.obj.filename, score, text: sentence.trim() });
        }
      }
    }
    return hits.sort((a, b) => b.score - a.score).slice(0, max);
  }

  return {
    files, uploads, stores, containers, mint, file, store, addFile, attach, index, search, batchObject, storeObject,
    /** A container file, as code interpreter leaves them. */
    addContainerFile(containerId: string, path: string, data: Buffer): Json {
      const obj = { id: mint('cfile'), object: 'container.file', created_at: now(), bytes: data.length, container_id: containerId, path, source: 'assistant' };
      if (!containers.has(containerId)) containers.set(containerId, new Map());
      containers.get(containerId)!.set(obj.id, { obj, data });
      return obj;
    },
    newStore(body: Json): VectorStore {
      const obj = {
        id: mint('vs'), object: 'vector_store', created_at: now(), name: body.name ?? '', usage_bytes: 0, status: 'completed', last_active_at: now(),
        file_counts: { in_progress: 0, completed: 0, failed: 0, cancelled: 0, total: 0 }, metadata: body.metadata ?? {},
        expires_after: body.expires_after ?? null, expires_at: null, description: body.description ?? null,
      };
      const vs: VectorStore = { obj, files: new Map(), batches: new Map() };
      stores.set(obj.id, vs);
      for (const id of body.file_ids ?? []) attach(vs, id, body);
      vs.obj = storeObject(vs);
      return vs;
    },
    completeUpload(id: string, partIds: string[]): Json {
      const upload = uploads.get(id) ?? notFound('upload', id);
      if (upload.obj.status !== 'pending') bad(`Upload ${id} is ${upload.obj.status}; only pending uploads can be completed.`);
      const unknown = partIds.find((p) => !upload.parts.has(p));
      if (unknown) bad(`Part ${unknown} does not belong to upload ${id}.`, 'part_ids');
      const data = Buffer.concat(partIds.map((p) => upload.parts.get(p)!));
      if (data.length !== upload.obj.bytes) throw new ApiError(400, `The parts have ${data.length} bytes; the upload was created for ${upload.obj.bytes}.`, 'part_ids');
      upload.obj.status = 'completed';
      upload.obj.file = addFile(upload.obj.filename, upload.obj.purpose, data);
      return upload.obj;
    },
  };
}

export type FilesState = ReturnType<typeof createFilesState>;
