/** The MCP method table and the dispatch of one request, in either era (see modern.ts). */
import { LOG_LEVELS, createLog, type LogLevel, type ServerContext } from './context.js';
import { CODES, RpcError, errorResponse, isRecord, resultResponse, type Id, type RpcRequest, type RpcResponse } from './jsonrpc.js';
import { META, MODERN_PROTOCOL_VERSIONS, checkModernRequest, declaredVersion, modernResult } from './modern.js';
import { completePromptArgument, completion, getPrompt, promptListing } from './prompts/index.js';
import { RESOURCES, RESOURCE_TEMPLATES, findResource, resourceListing } from './resources/index.js';
import { readFileResource } from './resources/files.js';
import { TEMPLATES } from './resources/templates.js';
import { callTool } from './tools/call.js';
import { SERVER_ICON } from './tools/icons.js';
import { TOOLS } from './tools/index.js';
import { publishedTool, toolListText } from './tools/listing.js';
import { VERSION } from './version.js';

/** Legacy revisions, newest first; the first is answered to any version we don't know. */
export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;
export const LATEST_PROTOCOL_VERSION = PROTOCOL_VERSIONS[0];
/** Every revision served, newest first (what `server/discover` and -32022 list). */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly string[] = [...MODERN_PROTOCOL_VERSIONS, ...PROTOCOL_VERSIONS];

export const SERVER_INFO = { name: 'openai-assistants-mcp', title: 'OpenAI Assistants', version: VERSION } as const;

/** Revisions whose Implementation and Tool have `icons`. */
const ICON_REVISIONS: ReadonlySet<string> = new Set(['2025-11-25', ...MODERN_PROTOCOL_VERSIONS]);
const SERVER_INFO_WITH_ICONS = { ...SERVER_INFO, icons: [SERVER_ICON] } as const;

/** Results that change with the tool selection. */
const SELECTION_DEPENDENT: ReadonlySet<string> = new Set(['tools/list', 'server/discover']);

function hasIcons(ctx: ServerContext): boolean {
  return ICON_REVISIONS.has(ctx.session.protocolVersion);
}

const PAGE_SIZE = 100;

const CAPABILITIES = {
  tools: { listChanged: false },
  resources: { listChanged: false },
  prompts: { listChanged: false },
  completions: {},
  logging: {},
} as const;

type Handler = (params: Record<string, unknown>, ctx: ServerContext) => unknown;

const METHODS: Record<string, Handler> = {
  initialize: (params, ctx) => {
    const requested = params.protocolVersion;
    const protocolVersion = PROTOCOL_VERSIONS.find((v) => v === requested) ?? LATEST_PROTOCOL_VERSION;
    ctx.session.protocolVersion = protocolVersion;
    if (isRecord(params.capabilities)) ctx.session.clientCapabilities = params.capabilities;
    return {
      protocolVersion,
      capabilities: CAPABILITIES,
      serverInfo: hasIcons(ctx) ? SERVER_INFO_WITH_ICONS : SERVER_INFO,
      instructions: instructions(ctx),
    };
  },
  'server/discover': (_params, ctx) => ({ supportedVersions: SUPPORTED_PROTOCOL_VERSIONS, capabilities: CAPABILITIES, instructions: instructions(ctx) }),
  ping: () => ({}),
  'logging/setLevel': (params, ctx) => {
    if (!LOG_LEVELS.includes(params.level as LogLevel)) {
      throw new RpcError(CODES.INVALID_PARAMS, `Invalid log level ${JSON.stringify(params.level)}; expected one of ${LOG_LEVELS.join(', ')}`);
    }
    ctx.session.logLevel = params.level as LogLevel;
    return {};
  },
  'tools/list': (params, ctx) => listTools(params.cursor, ctx),
  'tools/call': (params, ctx) => callTool(params, ctx),
  'resources/list': (params) => page('resources', RESOURCES.map(resourceListing), params.cursor),
  'resources/templates/list': (params) => page('resourceTemplates', RESOURCE_TEMPLATES, params.cursor),
  'prompts/list': (params) => page('prompts', promptListing(), params.cursor),
  'prompts/get': (params) => getPrompt(params.name, params.arguments),
  'completion/complete': (params) => complete(params),
  'resources/read': async (params, ctx) => {
    const uri = params.uri;
    if (typeof uri !== 'string') throw new RpcError(CODES.INVALID_PARAMS, '"uri" must be a string');
    const file = await readFileResource(uri, ctx.backend, ctx.config, ctx.signal);
    if (file) return isModern(ctx) ? { contents: file, ttlMs: 0, cacheScope: 'private' } : { contents: file };
    const resource = findResource(uri);
    if (!resource) {
      // The modern era reports a missing resource as invalid params; -32002 is legacy only.
      const code = isModern(ctx) ? CODES.INVALID_PARAMS : CODES.RESOURCE_NOT_FOUND;
      throw new RpcError(code, `Resource not found: ${uri}. List resources with resources/list.`, { uri });
    }
    return { contents: [{ uri, mimeType: resource.mimeType, text: resource.text }] };
  },
};

export function isKnownMethod(method: string): boolean {
  return Object.hasOwn(METHODS, method);
}

/**
 * Runs one request and returns its response (errors included). A request whose
 * `_meta` declares a protocol version is served statelessly by that version's rules.
 */
export async function handleRequest(message: RpcRequest & { id: Id }, ctx: ServerContext): Promise<RpcResponse> {
  const params = message.params ?? {};
  const modern = declaredVersion(params) !== undefined;
  try {
    if (!modern && message.method === 'server/discover') {
      throw new RpcError(CODES.INVALID_PARAMS, `Invalid params: server/discover needs _meta["${META.protocolVersion}"] and _meta["${META.clientCapabilities}"]`);
    }
    if (modern) {
      const session = checkModernRequest(message.method, params, SUPPORTED_PROTOCOL_VERSIONS);
      ctx = { ...ctx, session, log: createLog(session, ctx.notify, ctx.config.apiKey) };
    }
    if (!isKnownMethod(message.method)) throw new RpcError(CODES.METHOD_NOT_FOUND, `Method not found: ${message.method}`);
    const result = await METHODS[message.method](params, ctx);
    // Lists that depend on request headers or the URL may be cached by that client only.
    const scope = ctx.selectionVaries && SELECTION_DEPENDENT.has(message.method) ? 'private' : 'public';
    return resultResponse(message.id, modern ? modernResult(message.method, result, SERVER_INFO_WITH_ICONS, scope) : result);
  } catch (error) {
    if (error instanceof RpcError) return errorResponse(message.id, error.code, error.message, error.data);
    ctx.log('error', `${message.method} failed: ${(error as Error)?.message ?? error}`);
    return errorResponse(message.id, CODES.INTERNAL_ERROR, `Internal error in ${message.method}`);
  }
}

function isModern(ctx: ServerContext): boolean {
  return (MODERN_PROTOCOL_VERSIONS as readonly string[]).includes(ctx.session.protocolVersion);
}

/** What each toolset adds to the server instructions; only enabled toolsets are described. */
const TOOLSET_GUIDE: Readonly<Record<string, string>> = {
  assistants: 'assistant-create (or assistant-list) gives an assistant_id.',
  wait: 'thread-create-and-run asks an assistant in a new thread and returns its answer; message-create-and-run continues a thread; run-wait keeps waiting; on requires_action answer with run-submit-tool-outputs-and-wait.',
  threads: 'thread-create starts a conversation (threads cannot be listed: keep their ids).',
  messages: 'message-create adds a message; message-list reads replies.',
  runs: 'run-create starts a run; poll run-get until completed (requires_action: run-submit-tool-outputs); run-step-list shows tool calls.',
  files: 'File tools upload and manage documents an assistant can read.',
  'vector-stores': 'Vector-store tools index files for file_search.',
};

function instructions(ctx: ServerContext): string {
  const { selection, config } = ctx;
  // A toolset enabled in part is described by the names of its enabled tools only.
  const guide = selection.toolsets.map((set) => {
    const enabled = selection.tools.filter((tool) => tool.toolset === set);
    const whole = TOOLS.filter((tool) => tool.toolset === set).length === enabled.length;
    return whole && TOOLSET_GUIDE[set] ? TOOLSET_GUIDE[set] : `Also: ${enabled.map((tool) => tool.name).join(', ')}.`;
  });
  return (
    `Tools for the OpenAI Assistants workflow (backend: ${config.backend}, API: ${config.baseUrl}; ` +
    `toolsets: ${selection.toolsets.join(', ') || 'none'}${selection.switches.readOnly ? ', read-only' : ''}). ${guide.join(' ')} ` +
    (config.detail === 'compact' ? 'Results are compact; detail "full" on a list or get returns the API object unchanged. ' : '') +
    'Resources hold assistant templates, workflow examples and docs.' +
    (ctx.backend ? '' : ' OPENAI_API_KEY is not set: tool calls will fail until it is.')
  );
}

/** `tools/list`: the selection's list, serialized once; later pages (if ever asked for) are sliced. */
function listTools(cursor: unknown, ctx: ServerContext): Record<string, unknown> {
  const icons = hasIcons(ctx);
  if (cursor === undefined || cursor === '0') {
    if (ctx.selection.tools.length <= PAGE_SIZE) return { tools: toolListText(ctx.selection, icons) };
  }
  return page('tools', ctx.selection.tools.map((tool) => publishedTool(tool, icons)), cursor);
}

/** `completion/complete`: prompt arguments, and the name in `assistant://templates/{name}`. */
function complete(params: Record<string, unknown>) {
  const ref = (params.ref ?? {}) as Record<string, unknown>;
  const argument = (params.argument ?? {}) as Record<string, unknown>;
  if (ref.type === 'ref/prompt') return completePromptArgument(ref.name, argument.name, argument.value);
  if (ref.type === 'ref/resource' && ref.uri === RESOURCE_TEMPLATES[0].uriTemplate && argument.name === 'name') {
    return completion(TEMPLATES.map((t) => t.name), argument.value);
  }
  throw new RpcError(CODES.INVALID_PARAMS, 'Invalid params: ref must be {type: "ref/prompt", name} or {type: "ref/resource", uri: "assistant://templates/{name}"} with a known argument');
}

/** One page of a list result; cursors are opaque offsets. */
function page<T>(key: string, items: readonly T[], cursor: unknown): Record<string, unknown> {
  let start = 0;
  if (cursor !== undefined) {
    start = typeof cursor === 'string' && /^\d+$/.test(cursor) ? Number(cursor) : -1;
    if (start < 0 || start > items.length) throw new RpcError(CODES.INVALID_PARAMS, `Invalid cursor: ${JSON.stringify(cursor)}`);
  }
  const end = start + PAGE_SIZE;
  return end < items.length ? { [key]: items.slice(start, end), nextCursor: String(end) } : { [key]: items.slice(start) };
}
