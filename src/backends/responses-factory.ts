/**
 * How the registry builds the responses backend: here, directly (the Worker and the library are
 * single bundles). The CLI build swaps in responses-factory-lazy.ts (build.mjs), which loads
 * the backend's chunk at its first call instead.
 */
export { createResponsesBackend as createResponses } from './responses/index.js';
