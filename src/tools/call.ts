/** `tools/call`: validate, run the tool's operation, shape the result. */
import { MISSING_KEY_MESSAGE, describeFailure, redact } from '../errors.js';
import { CODES, RpcError, isRecord } from '../jsonrpc.js';
import type { CallOptions } from '../backends/types.js';
import type { ServerContext } from '../context.js';
import { validate } from '../validate.js';
import { compactResult } from './compact.js';
import { TOOLS_BY_NAME } from './index.js';
import { renderText } from './render.js';
import { notEnabledReason } from './selection.js';

/** An MCP CallToolResult. Errors carry no structuredContent. */
export interface ToolResult {
  content: { type: 'text'; text: string }[];
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
      ? await tool.handler(upstreamArgs, { backend: ctx.backend, signal: ctx.signal, waitTimeoutMs: ctx.config.waitTimeoutMs, progress: progressReporter(params, ctx), onRetry })
      : await ctx.backend.call(tool.op!, upstreamArgs, { signal: ctx.signal, idempotent: tool.annotations.idempotentHint, onRetry, onWarning: (message) => ctx.log('warning', `${tool.name}: ${message}`) });
    return successResult(tool.name, value, tool.handler ? {} : upstreamArgs, (detail ?? ctx.config.detail) === 'full');
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

/**
 * The result: compact `structuredContent` (or the upstream object unchanged with
 * detail "full"), and the same fields as text lines for clients that read only text.
 */
function successResult(toolName: string, value: unknown, args: Record<string, unknown>, full: boolean): ToolResult {
  const more = isRecord(value) && value.has_more === true && typeof value.last_id === 'string' ? `Call ${toolName} again with after="${value.last_id}" for more.` : undefined;
  const structured = full ? (isRecord(value) ? value : { value }) : compactResult(value, args);
  if (more && !full) structured.next = more;
  const text = renderText(structured);
  return { content: [{ type: 'text', text: more && full ? `${text}\n${more}` : text }], structuredContent: structured };
}

function errorResult(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
