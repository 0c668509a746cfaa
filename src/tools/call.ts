/** `tools/call`: validate, run the tool's operation, shape the result. */
import { MISSING_KEY_MESSAGE, describeFailure, redact } from '../errors.js';
import { CODES, RpcError, isRecord } from '../jsonrpc.js';
import type { CallOptions } from '../backends/types.js';
import type { ServerContext } from '../context.js';
import { validate } from '../validate.js';
import { compactResult } from './compact.js';
import { CONTENT, fileLinks, type ContentBlock } from './content.js';
import { TOOLS_BY_NAME } from './index.js';
import { renderText } from './render.js';
import { notEnabledReason } from './selection.js';

/** An MCP CallToolResult. Errors carry no structuredContent. */
export interface ToolResult {
  /** The result as text first, then any attached content and file links. */
  content: [{ type: 'text'; text: string }, ...ContentBlock[]];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export async function callTool(params: Record<string, unknown>, ctx: ServerContext): Promise<ToolResult> {
  const { name, arguments: args = {} } = params;
  const tool = typeof name === 'string' ? ctx.selection.byName.get(name) : undefined;
  if (!tool) {
    const known = typeof name === 'string' ? TOOLS_BY_NAME.get(name) : undefined;
    if (known) throw new RpcError(CODES.INVALID_PARAMS, notEnabledReason(known, ctx.selection));
    throw new RpcError(CODES.INVALID_PARAMS, `Unknown tool: ${JSON.stringify(name)}. Available tools: ${ctx.selection.tools.map((t) => t.name).join(', ')}`);
  }
  if (!isRecord(args)) throw new RpcError(CODES.INVALID_PARAMS, `"arguments" of ${tool.name} must be an object`);

  const issues = validate(tool.inputSchema, args);
  if (issues.length === 0 && tool.refine) issues.push(...tool.refine(args));
  if (issues.length) {
    return errorResult(`Invalid arguments for ${tool.name} (nothing was sent):\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
  }
  if (!ctx.backend) return errorResult(`${tool.name}: ${MISSING_KEY_MESSAGE}`);

  const onRetry: CallOptions['onRetry'] = ({ attempt, delayMs, reason }) => ctx.log('warning', `${tool.name}: retry ${attempt} in ${delayMs} ms after: ${reason}`);
  // `detail` shapes our answer; the upstream never sees it.
  const { detail, ...upstreamArgs } = args;
  try {
    const value = tool.handler
      ? await tool.handler(upstreamArgs, {
        backend: ctx.backend,
        signal: ctx.signal,
        waitTimeoutMs: ctx.config.waitTimeoutMs,
        progress: progressReporter(params, ctx),
        onRetry,
        localFiles: ctx.localFiles,
        // Only local files ask for the client's roots, and the Worker has none: its bundle leaves roots/list out.
        clientRoots: typeof __WORKER__ === 'undefined' ? () => clientRoots(ctx) : async () => [],
        uploadMaxBytes: ctx.config.uploadMaxBytes,
      })
      : await ctx.backend.call(tool.op!, upstreamArgs, { signal: ctx.signal, idempotent: tool.annotations.idempotentHint, onRetry, onWarning: (message) => ctx.log('warning', `${tool.name}: ${message}`) });
    return successResult(tool.name, value, tool.handler ? {} : upstreamArgs, (detail ?? ctx.config.detail) === 'full', ctx.session.protocolVersion);
  } catch (error) {
    return errorResult(redact(describeFailure(tool, error, ctx.config), ctx.config.apiKey));
  }
}

/** `notifications/progress` for the request's progress token, with strictly increasing `progress`; a no-op without a token. */
function progressReporter(params: Record<string, unknown>, ctx: ServerContext): (message: string) => void {
  const token = isRecord(params._meta) ? params._meta.progressToken : undefined;
  if (typeof token !== 'string' && typeof token !== 'number') return () => {};
  let progress = 0;
  return (message) => {
    if (!ctx.signal.aborted) ctx.notify('notifications/progress', { progressToken: token, progress: ++progress, message: redact(message, ctx.config.apiKey) });
  };
}

/** The client's roots, when it declared the capability and the transport can carry the question; none otherwise. */
async function clientRoots(ctx: ServerContext): Promise<string[]> {
  if (!ctx.requestClient || !isRecord(ctx.session.clientCapabilities?.roots)) return [];
  try {
    const { roots } = (await ctx.requestClient('roots/list', {}, ctx.signal)) as { roots?: { uri?: unknown }[] };
    return (roots ?? []).map((root) => root.uri).filter((uri): uri is string => typeof uri === 'string');
  } catch (error) {
    ctx.log('warning', `roots/list failed (${(error as Error).message}); only MCP_FILE_ROOTS apply.`);
    return [];
  }
}

/**
 * The result: compact `structuredContent` (or the upstream object unchanged with
 * detail "full"), and the same fields as text lines for clients that read only text;
 * then any content the tool attached (file-content) and links to the files it names.
 */
function successResult(toolName: string, value: unknown, args: Record<string, unknown>, full: boolean, protocolVersion: string): ToolResult {
  const more = isRecord(value) && value.has_more === true && typeof value.last_id === 'string' ? `Call ${toolName} again with after="${value.last_id}" for more.` : undefined;
  // Read from the upstream value: compaction drops symbol keys and `object` tags.
  const extra = isRecord(value) ? [...((value as { [CONTENT]?: ContentBlock[] })[CONTENT] ?? []), ...fileLinks(value, protocolVersion)] : [];
  const structured = full ? (isRecord(value) ? value : { value }) : compactResult(value, args);
  if (more && !full) structured.next = more;
  const text = renderText(structured);
  return { content: [{ type: 'text', text: more && full ? `${text}\n${more}` : text }, ...extra], structuredContent: structured };
}

function errorResult(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
