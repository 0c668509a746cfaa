/** `tools/call`: validate, run the tool's operation, shape the result. */
import { MISSING_KEY_MESSAGE, describeFailure, redact } from '../errors.js';
import { CODES, RpcError, isRecord } from '../jsonrpc.js';
import type { CallOptions } from '../backends/types.js';
import type { ServerContext } from '../context.js';
import { validate } from '../validate.js';
import { CONTENT, fileLinks, type ContentBlock } from './content.js';
import { TOOLS, TOOLS_BY_NAME } from './index.js';

/** An MCP CallToolResult. Errors carry no structuredContent. */
export interface ToolResult {
  /** The result as JSON text first, then any attached content and file links. */
  content: [{ type: 'text'; text: string }, ...ContentBlock[]];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

export async function callTool(params: Record<string, unknown>, ctx: ServerContext): Promise<ToolResult> {
  const { name, arguments: args = {} } = params;
  const tool = typeof name === 'string' ? TOOLS_BY_NAME.get(name) : undefined;
  if (!tool) {
    throw new RpcError(CODES.INVALID_PARAMS, `Unknown tool: ${JSON.stringify(name)}. Available tools: ${TOOLS.map((t) => t.name).join(', ')}`);
  }
  if (!isRecord(args)) throw new RpcError(CODES.INVALID_PARAMS, `"arguments" of ${tool.name} must be an object`);

  const issues = validate(tool.inputSchema, args);
  if (issues.length === 0 && tool.refine) issues.push(...tool.refine(args));
  if (issues.length) {
    return errorResult(`Invalid arguments for ${tool.name} (nothing was sent):\n${issues.map((i) => `- ${i.message}`).join('\n')}`);
  }
  if (!ctx.backend) return errorResult(`${tool.name}: ${MISSING_KEY_MESSAGE}`);

  const onRetry: CallOptions['onRetry'] = ({ attempt, delayMs, reason }) => ctx.log('warning', `${tool.name}: retry ${attempt} in ${delayMs} ms after: ${reason}`);
  try {
    const value = tool.handler
      ? await tool.handler(args, {
        backend: ctx.backend,
        signal: ctx.signal,
        waitTimeoutMs: ctx.config.waitTimeoutMs,
        progress: progressReporter(params, ctx),
        onRetry,
        localFiles: ctx.localFiles,
        clientRoots: () => clientRoots(ctx),
        uploadMaxBytes: ctx.config.uploadMaxBytes,
      })
      : await ctx.backend.call(tool.op!, args, { signal: ctx.signal, idempotent: tool.annotations.idempotentHint, onRetry });
    return successResult(tool.name, value, ctx.session.protocolVersion);
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

function successResult(toolName: string, value: unknown, protocolVersion: string): ToolResult {
  const structured = isRecord(value) ? value : { value };
  const content: ToolResult['content'] = [{ type: 'text', text: JSON.stringify(structured) }];
  const attached = (structured as { [CONTENT]?: ContentBlock[] })[CONTENT];
  if (attached) content.push(...attached);
  content.push(...fileLinks(structured, protocolVersion));
  if (typeof structured.next === 'string') content.push({ type: 'text', text: structured.next });
  if (structured.has_more === true && typeof structured.last_id === 'string') {
    content.push({ type: 'text', text: `More results: call ${toolName} again with after="${structured.last_id}".` });
  }
  return { content, structuredContent: structured };
}

function errorResult(text: string): ToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}
