/**
 * The CLI's responses-factory.ts (build.mjs swaps it in): the backend is a chunk of its own,
 * loaded at the first call, so a stdio server on the assistants backend never reads it and one on
 * the responses backend answers `initialize` before reading it.
 */
import { lazyBackend, type StreamingBackend } from './lazy.js';
import type { ResponsesBackendOptions } from './responses/index.js';

export function createResponses(options: ResponsesBackendOptions): StreamingBackend {
  return lazyBackend('responses', async () => (await import('./responses/index.js')).createResponsesBackend(options));
}
