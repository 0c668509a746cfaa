/** Workflow examples: the tool calls of common tasks, in order, with what to look at. */
import type { Resource } from './types.js';

const CREATE_AND_RUN = `# Create an assistant and get an answer

Each step is one tool call; the arguments are JSON. IDs are examples: use the ones
your calls return.

1. **Create the assistant** (once; reuse it afterwards — \`assistant-list\` finds it again)
   \`assistant-create\`
   \`\`\`json
   {"model": "gpt-4o", "name": "Calculator", "instructions": "Use the multiply tool for arithmetic.",
    "tools": [{"type": "function", "function": {"name": "multiply",
      "parameters": {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}, "required": ["a", "b"]}}}]}
   \`\`\`
   Keep \`id\` (e.g. \`asst_abc123\`). A template from \`assistant://templates/...\` can be passed as is.

2. **Start a conversation** — \`thread-create\`, optionally with the first message:
   \`\`\`json
   {"messages": [{"role": "user", "content": "What is 6 times 7?"}]}
   \`\`\`
   Keep \`id\` (e.g. \`conv_abc123\`; on an Assistants-compatible upstream \`thread_…\`). Later questions go in with \`message-create\`:
   \`{"thread_id": "conv_abc123", "role": "user", "content": "And 7 times 8?"}\`.

3. **Run the assistant** — \`run-create\`:
   \`{"thread_id": "conv_abc123", "assistant_id": "asst_abc123"}\`
   The run starts \`queued\`. Per-run overrides: \`instructions\`, \`additional_instructions\`,
   \`model\`, \`tools\`, \`temperature\`, \`tool_choice\`, \`response_format\`, …

4. **Wait for it** — \`run-get\` with \`{"thread_id": "conv_abc123", "run_id": "run_abc123"}\`,
   about once a second at first, then less often. Look at \`status\`:
   - \`queued\` / \`in_progress\`: call again.
   - \`requires_action\`: the assistant called your function — step 5.
   - \`completed\`: step 6.
   - \`failed\` / \`incomplete\` / \`expired\`: read \`last_error\` / \`incomplete_details\`.
   - \`cancelled\`: someone called \`run-cancel\`.

5. **Answer tool calls** — \`tool_calls\` lists calls such as
   \`{"id": "call_abc", "name": "multiply", "arguments": "{\\"a\\":6,\\"b\\":7}"}\`
   (with \`detail: "full"\`: \`required_action.submit_tool_outputs.tool_calls\`).
   Compute each, then one \`run-submit-tool-outputs\` with every output:
   \`\`\`json
   {"thread_id": "conv_abc123", "run_id": "run_abc123",
    "tool_outputs": [{"tool_call_id": "call_abc", "output": "42"}]}
   \`\`\`
   The run goes back to \`queued\`: continue at step 4.

6. **Read the answer** — \`message-list\` with \`{"thread_id": "conv_abc123", "run_id": "run_abc123"}\`
   returns the run's messages; the text is in \`text\` (\`content[].text.value\` with \`detail: "full"\`).
   \`run-step-list\` shows what the run did (tool calls with their inputs and outputs).

7. **Clean up** when the conversation is over: \`thread-delete\`; \`assistant-delete\` only when the
   assistant is no longer wanted.

A thread runs one run at a time: wait for a run to finish (or \`run-cancel\` it) before the next.
`;

const BATCH = `# Process many inputs

For N independent inputs (documents to summarise, tickets to classify, …):

1. **One assistant, created once.** \`assistant-create\` with instructions for a single item, then
   reuse its \`id\`. Put the output format in the instructions, or use
   \`response_format: {"type": "json_object"}\` and say "answer in JSON" in the instructions.

2. **One thread per input.** \`thread-create\` with \`{"messages": [{"role": "user", "content": "<input>"}],
   "metadata": {"batch": "2026-11-23", "item": "17"}}\`. Metadata (≤16 string pairs) lets you
   find the item again. A thread can only run one run at a time, so one thread per item
   is what allows parallel work.

3. **A bounded number in flight.** Start runs (\`run-create\`) for at most 3–5 threads at once;
   start the next when one finishes. More parallel runs mostly buy 429 rate-limit errors.

4. **Poll with backoff.** For each active run, \`run-get\` after 1 s, then 2 s, 4 s, capped at 10 s.
   Handle each terminal status:
   - \`completed\` → \`message-list\` with \`run_id\` and \`limit: 1\` gives the answer;
   - \`requires_action\` → \`run-submit-tool-outputs\`, then keep polling;
   - \`failed\` → read \`last_error.code\`: \`rate_limit_exceeded\` → wait and \`run-create\` again on the
     same thread; \`server_error\` → retry once; anything else → record and move on;
   - \`expired\` / \`incomplete\` → retry once with a shorter input or a larger
     \`max_completion_tokens\`.

5. **Rate limits.** This server already retries 429 answers (honouring \`retry-after\`) before
   reporting them. If a tool result still says "Rate limited", lower the number of runs in flight.

6. **Never blindly repeat a create.** If \`run-create\` or \`thread-create\` fails with a 5xx or a
   timeout, it may have happened anyway: check with \`run-list\` (or your own record of thread
   IDs) before creating again.

7. **Clean up.** \`thread-delete\` each finished thread once its result is stored.
`;

export const WORKFLOWS: Resource[] = [
  {
    uri: 'examples://workflows/create-and-run',
    name: 'create-and-run',
    title: 'Workflow: create an assistant and get an answer',
    description: 'Every tool call from assistant-create to the reply, including tool calls (requires_action).',
    mimeType: 'text/markdown',
    text: CREATE_AND_RUN,
  },
  {
    uri: 'examples://workflows/batch-processing',
    name: 'batch-processing',
    title: 'Workflow: process many inputs',
    description: 'Threads per input, bounded concurrency, polling with backoff, failures and rate limits.',
    mimeType: 'text/markdown',
    text: BATCH,
  },
];
