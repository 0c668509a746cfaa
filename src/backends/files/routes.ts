/**
 * The Files, Uploads, Vector Stores and container-file endpoints: the same on every
 * upstream and for both backends, so one route table serves them (OpenAPI operationIds).
 */

/** One endpoint: `{name}` placeholders are filled from the arguments of the same name. */
export interface FileRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Sends `OpenAI-Beta: assistants=v2` (the spec's examples do on every /vector_stores call). */
  beta?: true;
  /** The answer is the file's bytes, not JSON. */
  bytes?: true;
  /** A POST the spec gives no request body (not even `{}`). */
  bodyless?: true;
}

/** Sent on /vector_stores calls, as the spec's examples do (and Assistants-era upstreams require). */
export const VECTOR_STORES_BETA = { 'openai-beta': 'assistants=v2' } as const;

const F = '/files/{file_id}';
const V = '/vector_stores/{vector_store_id}';
const B = `${V}/file_batches/{batch_id}`;
const C = '/containers/{container_id}/files/{file_id}';

export const FILE_ROUTES = {
  listFiles: { method: 'GET', path: '/files' },
  retrieveFile: { method: 'GET', path: F },
  deleteFile: { method: 'DELETE', path: F },
  downloadFile: { method: 'GET', path: `${F}/content`, bytes: true },
  createUpload: { method: 'POST', path: '/uploads' },
  completeUpload: { method: 'POST', path: '/uploads/{upload_id}/complete' },
  cancelUpload: { method: 'POST', path: '/uploads/{upload_id}/cancel', bodyless: true },
  listVectorStores: { method: 'GET', path: '/vector_stores', beta: true },
  createVectorStore: { method: 'POST', path: '/vector_stores', beta: true },
  getVectorStore: { method: 'GET', path: V, beta: true },
  modifyVectorStore: { method: 'POST', path: V, beta: true },
  deleteVectorStore: { method: 'DELETE', path: V, beta: true },
  searchVectorStore: { method: 'POST', path: `${V}/search`, beta: true },
  listVectorStoreFiles: { method: 'GET', path: `${V}/files`, beta: true },
  createVectorStoreFile: { method: 'POST', path: `${V}/files`, beta: true },
  getVectorStoreFile: { method: 'GET', path: `${V}/files/{file_id}`, beta: true },
  deleteVectorStoreFile: { method: 'DELETE', path: `${V}/files/{file_id}`, beta: true },
  createVectorStoreFileBatch: { method: 'POST', path: `${V}/file_batches`, beta: true },
  getVectorStoreFileBatch: { method: 'GET', path: B, beta: true },
  listFilesInVectorStoreBatch: { method: 'GET', path: `${B}/files`, beta: true },
  retrieveContainerFile: { method: 'GET', path: C },
  retrieveContainerFileContent: { method: 'GET', path: `${C}/content`, bytes: true },
} as const satisfies Record<string, FileRoute>;

/** Operations answered with JSON. */
export type FileOperationName = { [K in keyof typeof FILE_ROUTES]: (typeof FILE_ROUTES)[K] extends { bytes: true } ? never : K }[keyof typeof FILE_ROUTES];
/** Operations answered with a file's bytes. */
export type DownloadOperationName = Exclude<keyof typeof FILE_ROUTES, FileOperationName>;
