/** Documentation resources. The tool reference is generated from the tool table, so it is always true. */
import { TOOLS } from '../tools/index.js';
import type { Schema } from '../validate.js';
import type { Resource } from './types.js';

/** One line of rules for a parameter: type, enum, ranges, lengths, pattern. */
function rules(schema: Schema): string {
  if (schema.anyOf) return schema.anyOf.map(rules).join(' | ');
  const parts: string[] = [];
  if (schema.enum) parts.push(schema.enum.map((v) => JSON.stringify(v)).join(' / '));
  else if (schema.type) parts.push(Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type));
  if (schema.minimum !== undefined || schema.maximum !== undefined) parts.push(`${schema.minimum ?? '…'}–${schema.maximum ?? '…'}`);
  if (schema.maxLength !== undefined) parts.push(`≤ ${schema.maxLength} chars`);
  if (schema.minItems !== undefined) parts.push(`≥ ${schema.minItems} items`);
  if (schema.maxItems !== undefined) parts.push(`≤ ${schema.maxItems} items`);
  if (schema.maxProperties !== undefined) parts.push(`≤ ${schema.maxProperties} pairs`);
  if (schema.pattern !== undefined) parts.push(`pattern \`${schema.pattern}\``);
  if (schema.description) parts.push(schema.description);
  return parts.join(', ');
}

function toolReference(): string {
  return TOOLS.map((tool) => {
    const required = new Set(tool.inputSchema.required ?? []);
    const params = Object.entries(tool.inputSchema.properties ?? {}).map(
      ([name, schema]) => `- \`${name}\`${required.has(name) ? ' (required)' : ''}: ${rules(schema)}`,
    );
    const hints = Object.entries(tool.annotations).filter(([, on]) => on).map(([hint]) => hint).join(', ');
    return `### ${tool.name} — ${tool.title}\n\n${tool.description}\n\n${params.join('\n') || '- no parameters'}\n\nHints: ${hints}.`;
  }).join('\n\n');
}

const apiReference = () => `# Assistants tools reference

The ${TOOLS.length} tools follow the Assistants v2 API (the file and vector-store tools the Files and Vector Stores API): same parameter names; compact results (below).
Results are compact: \`structuredContent\` keeps ids, status, text and what to call next, without
nulls, empty values and echoes; the text content has the same fields as \`key: value\` lines.
\`detail: "full"\` on a list or get tool returns the API object unchanged.

## Conventions

- **IDs** (\`assistant_id\`, \`thread_id\`, \`message_id\`, \`run_id\`, \`step_id\`) are opaque strings
  from earlier results. Only letters, digits, \`_\` and \`-\` are accepted (they go into URL
  paths), up to 256 characters; no fixed prefix or length is required.
- **Models**: any model name your backend accepts; there is no whitelist.
- **Threads cannot be listed** (the API has no such endpoint): keep the IDs \`thread-create\` returns.
- **Lists** (\`assistant-list\`, \`message-list\`, \`run-list\`, \`run-step-list\`): \`limit\` 1–100
  (default 20), \`order\` \`desc\` (default, newest first) or \`asc\`. While \`has_more\` is true,
  call again with \`after\` = the previous page's \`last_id\`.
- **Metadata**: up to 16 string pairs, keys ≤ 64 and values ≤ 512 characters; update tools
  replace it whole.
- **Run statuses**: \`queued\` → \`in_progress\` → \`completed\`; \`requires_action\` (answer
  \`tool_calls\` with run-submit-tool-outputs);
  \`cancelling\` → \`cancelled\`; \`failed\` (see \`last_error\`); \`incomplete\` (see
  \`incomplete_details\`); \`expired\` (tool outputs came too late).

## Tools

${toolReference()}
`;

/** Tools whose request may not be repeated after it may have reached the upstream (no idempotentHint). */
const creates = () => TOOLS.filter((t) => !t.annotations.idempotentHint).map((t) => t.name).join(', ');

const errorHandling = () => `# Errors and what to do about them

## Invalid arguments (nothing is sent)

A tool result with \`isError: true\` lists every problem: the parameter, the rule, the value
received and an example. Fix them all and call again. Unknown parameters are reported too
(a typo is never silently dropped).

\`\`\`
Invalid arguments for run-create (nothing was sent):
- temperature must be between 0 and 2; received number 3. Example: 0.7
- thread_id must match the pattern ^[\\w-]{1,256}$; received "../x". Example: "conv_abc123"
\`\`\`

## Upstream failures

\`\`\`
assistant-get failed: the API answered 404 (invalid_request_error): No assistant found with id 'asst_9'.
What to do: Check the ID; find valid ones with assistant-list.
Request ID: req_123
\`\`\`

| Status | What to do |
| --- | --- |
| 400 | Fix the parameter the message names (\`Parameter:\` line) |
| 401 | The key is missing or rejected: set a valid \`OPENAI_API_KEY\` in the server's environment |
| 403 | The key may not use this model or resource: check \`OPENAI_PROJECT_ID\`, \`OPENAI_ORG_ID\` |
| 404 | No such object: check the ID with the matching list tool |
| 404/410 on an *.openai.com host, or "Assistants API shut down" | OpenAI shut the Assistants API down on 2026-08-26: use \`--backend responses\` (\`OPENAI_BACKEND=responses\`), or an Assistants-compatible backend via \`OPENAI_BASE_URL\` (e.g. Azure AI Foundry Agent Service: \`OPENAI_AUTH_HEADER=api-key\`, \`OPENAI_QUERY_PARAMS=api-version=...\`) |
| 404 from a base URL without \`/v1\` | Add \`/v1\` to \`OPENAI_BASE_URL\` |
| Connection refused, DNS or TLS failure | Nothing reached the upstream: check \`OPENAI_BASE_URL\` and that the server runs; calling again is safe |
| 400 naming \`input\`, \`background\`, \`conversation\` … | The upstream lacks a capability this server assumed: choose its \`--upstream-profile\` (\`OPENAI_UPSTREAM_PROFILE\`) |
| 400 "already has an active run", or 409 | A thread runs one run at a time: wait until \`run-get\` shows it finished, or \`run-cancel\` it |
| 429 | Rate limited (retried already): wait and retry; \`insufficient_quota\`: add credit |
| 5xx, timeout, connection error | Reads, updates, deletes and cancels were retried already; for creates, see below |
| 400 on run-cancel | The run already ended: read it with \`run-get\` |
| run-cancel answers cancelled with \`last_error.code: cancel_refused_upstream\` | The upstream would not stop the response: the run is cancelled here, and what the response still writes is not shown as an answer |

Keep the \`Request ID\` when reporting a problem to your provider.

## Retries

The server retries by itself, up to \`OPENAI_MAX_RETRIES\` times (default 2), waiting 0.5 s, 1 s,
2 s … (at most 8 s, with jitter), or what \`retry-after-ms\` / \`retry-after\` asks, up to 60 s
(a longer \`retry-after\` is not waited for: the error comes at once).

- A **429**, or a connection that never opened, is retried for every tool: nothing was processed.
- **408, 409, 5xx, timeouts and connection resets** are retried only for tools that are safe to
  repeat (lists, gets, updates, deletes, run-cancel).
- **Creates are never retried blindly** (${creates()}): the first attempt may have worked.
  Their error says so: check with the list tool before calling again.

## Protocol errors (JSON-RPC)

| Code | When |
| --- | --- |
| -32700 | The message is not valid JSON |
| -32600 | Not a JSON-RPC 2.0 request, a batch outside protocol 2025-03-26, or a message over \`MCP_MAX_MESSAGE_BYTES\` (default 4 MiB) |
| -32601 | Unknown method |
| -32602 | Unknown tool name, \`arguments\` not an object, invalid cursor or log level |
| -32002 | Unknown resource URI |

## Missing key

Without \`OPENAI_API_KEY\` the server starts, lists tools and resources, and each tool call
returns an error saying how to set the key. The key itself never appears in any output:
key-like strings in upstream messages are redacted.
`;

const BEST_PRACTICES = `# Best practices

## Assistants
- Create an assistant once and reuse it (\`assistant-list\` finds it again); don't create one
  per question. Record what it is for in \`metadata\`.
- Write instructions that say who the assistant is, what it must and must not do, the
  output format, and what to do when it does not know. Short, concrete rules beat long prose.
- Give function tools precise names, descriptions and JSON-schema \`parameters\` with
  \`required\` fields; the model chooses tools from these descriptions.
- Lower \`temperature\` (0–0.3) for extraction, code and analysis; higher (0.7–1) for writing.
  Change \`temperature\` or \`top_p\`, not both.
- For machine-readable output use \`response_format: {"type": "json_object"}\` (and say "JSON" in
  the instructions) or \`json_schema\`.

## Threads and runs
- One thread per conversation. A thread runs one run at a time.
- Add messages with \`message-create\`, then \`run-create\`; or put them in \`thread-create\`
  \`messages\` / \`run-create\` \`additional_messages\` to save calls.
- Poll \`run-get\` about once a second at first and back off (2 s, 4 s, up to 10 s).
- Answer \`requires_action\` promptly: runs expire if tool outputs come too late. Submit every
  tool call's output in one \`run-submit-tool-outputs\`.
- Read only what you need: \`message-list\` with \`run_id\` and a small \`limit\`.

## Cost and latency
- Long threads cost more per run: \`truncation_strategy: {"type": "last_messages", "last_messages": 10}\`
  and \`max_prompt_tokens\` / \`max_completion_tokens\` (≥ 256) cap them.
- \`usage\` on a completed run gives its token counts.
- Delete threads you no longer need.

## Security
- Keep the API key in the server's environment (\`OPENAI_API_KEY\` in the client config's
  \`env\`), never in URLs, prompts, instructions or metadata.
- This server never prints the key and redacts key-like strings from upstream messages.
- Treat assistant output that calls your functions as untrusted input: validate function
  arguments before acting on them.
- Deletes are permanent; clients see \`destructiveHint\` on delete tools and can ask before running them.
`;

let reference: string | undefined;
let errors: string | undefined;

export const DOCS: Resource[] = [
  {
    uri: 'docs://openai-assistants-api',
    name: 'openai-assistants-api',
    title: 'Tools reference',
    description: 'Every tool with its parameters, limits and results; IDs, pagination and run statuses.',
    mimeType: 'text/markdown',
    // Generated on first read, not at startup.
    get text() {
      return (reference ??= apiReference());
    },
  },
  {
    uri: 'docs://error-handling',
    name: 'error-handling',
    title: 'Errors and retries',
    description: 'How errors look, what each means, what to do, and what the server retries by itself.',
    mimeType: 'text/markdown',
    get text() {
      return (errors ??= errorHandling());
    },
  },
  {
    uri: 'docs://best-practices',
    name: 'best-practices',
    title: 'Best practices',
    description: 'Instructions and tools design, threads and polling, cost, security.',
    mimeType: 'text/markdown',
    text: BEST_PRACTICES,
  },
];
