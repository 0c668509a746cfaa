/**
 * Client ID metadata documents: the client_id is an https URL, and the document it
 * serves describes the client. Fetched through the injected fetch with tight limits,
 * without following redirects, and never from loopback or IP-literal hosts (unless a
 * development option says so), so a client ID cannot make the server probe its network.
 */
import type { FetchInit } from '../openai/fetch-types.js';
import { redirectUriProblem } from './redirects.js';
import type { Client, OAuthContext } from './types.js';

/** Whether `clientId` is meant as a metadata document URL (rather than a registered ID). */
export function isMetadataUrl(clientId: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(clientId);
}

/** Fetches and checks the document at `clientId`; the client, or why it cannot be used. */
export async function fetchClientDocument(clientId: string, ctx: OAuthContext): Promise<Client | { problem: string }> {
  const urlProblem = clientIdUrlProblem(clientId, ctx.config.oauthLoopbackClientIds);
  if (urlProblem) return { problem: urlProblem };
  const { timeoutMs, maxBytes } = ctx.metadataDocument;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let text: string | undefined;
  try {
    const init: FetchInit & { redirect: 'manual' } = { method: 'GET', headers: { accept: 'application/json' }, signal: controller.signal, stream: true, redirect: 'manual' };
    const response = await ctx.fetch(clientId, init);
    if (response.status !== 200) return { problem: `the client's metadata document at ${clientId} answered HTTP ${response.status} (expected 200; redirects are not followed)` };
    if (Number(response.headers.get('content-length')) > maxBytes) return { problem: tooLarge(clientId, maxBytes) };
    text = await readAtMost(response.body, maxBytes);
    if (text === undefined) return { problem: tooLarge(clientId, maxBytes) };
  } catch (error) {
    if (controller.signal.aborted) return { problem: `the client's metadata document at ${clientId} did not arrive within ${timeoutMs} ms` };
    return { problem: `the client's metadata document at ${clientId} could not be fetched (${(error as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
  return documentClient(clientId, text);
}

/** Why `clientId` is not an acceptable metadata document URL, or undefined. */
export function clientIdUrlProblem(clientId: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return `client_id ${JSON.stringify(clientId)} is not a valid URL`;
  }
  if (url.protocol !== 'https:') return `client_id ${JSON.stringify(clientId)} must be an https URL to be used as a client ID metadata document`;
  if (url.pathname === '/' || url.hash || url.username || url.password || /\/\.\.?(\/|$)/.test(clientId)) {
    return `client_id ${JSON.stringify(clientId)} must have a path and no fragment, credentials or dot segments`;
  }
  const ipLiteral = /^[\d.]+$/.test(url.hostname) || url.hostname.startsWith('[');
  const loopback = url.hostname === 'localhost' || url.hostname.endsWith('.localhost') || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (loopback ? !allowLoopback : ipLiteral) return `client_id ${JSON.stringify(clientId)} points at a loopback or IP-literal host, which this server does not fetch`;
  return undefined;
}

/** Checks the fetched document; the client it describes, or why it is refused. */
export function documentClient(clientId: string, text: string): Client | { problem: string } {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text);
  } catch {
    return { problem: `the client's metadata document at ${clientId} is not JSON` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return { problem: `the client's metadata document at ${clientId} is not a JSON object` };
  if (doc.client_id !== clientId) return { problem: `the metadata document's client_id ${JSON.stringify(doc.client_id)} is not its own URL ${clientId}` };
  const method = doc.token_endpoint_auth_method ?? 'none';
  if (method !== 'none') return { problem: `the metadata document asks for token_endpoint_auth_method ${JSON.stringify(method)}; this server supports only "none" for metadata-document clients` };
  if ('client_secret' in doc) return { problem: 'a metadata document must not contain a client_secret' };
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0) return { problem: `the metadata document at ${clientId} has no redirect_uris` };
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) return { problem: `the metadata document at ${clientId}: ${problem}` };
  }
  const name = typeof doc.client_name === 'string' ? doc.client_name.slice(0, 100) : undefined;
  return { clientId, name, redirectUris: uris as string[] };
}

function tooLarge(clientId: string, maxBytes: number): string {
  return `the client's metadata document at ${clientId} is larger than ${maxBytes} bytes`;
}

/** The body as text, or undefined past `maxBytes` (the rest is not read). */
async function readAtMost(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | null | undefined, maxBytes: number): Promise<string | undefined> {
  if (!body) return '';
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  const iterator = Symbol.asyncIterator in body ? (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]() : readerIterator(body as ReadableStream<Uint8Array>);
  for (let step = await iterator.next(); !step.done; step = await iterator.next()) {
    size += step.value.byteLength;
    if (size > maxBytes) {
      await iterator.return?.();
      return undefined;
    }
    text += decoder.decode(step.value, { stream: true });
  }
  return text + decoder.decode();
}

function readerIterator(stream: ReadableStream<Uint8Array>): AsyncIterator<Uint8Array> {
  const reader = stream.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    return: async () => {
      await reader.cancel();
      return { done: true, value: undefined };
    },
  };
}
