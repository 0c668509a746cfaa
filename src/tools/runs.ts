/** run-* tools, including run steps. */
import { unpublished } from './listing.js';
import * as s from './schemas.js';
import { CREATE, LIST_OUTPUT, READ_ONLY, RUN_OUTPUT, UPDATE, input, OBJECT_OUTPUT, type ToolDef } from './types.js';

const runIds = { thread_id: s.IDS.thread_id, run_id: s.IDS.run_id };
const tokens = { type: 'integer', minimum: 256 } as const;
// Accepted but not published: max_completion_tokens is the limit models set.
const promptTokens = unpublished({ type: 'integer', minimum: 256 });

export const runTools: ToolDef[] = [
  {
    name: 'run-create',
    title: 'Start run',
    description: 'Start an assistant on a thread, then poll run-get.',
    inputSchema: input(
      {
        thread_id: s.IDS.thread_id,
        assistant_id: s.IDS.assistant_id,
        model: s.model,
        instructions: { type: 'string' },
        additional_instructions: { type: 'string' },
        additional_messages: { type: 'array', items: s.inlineMessage },
        tools: s.tools(20),
        metadata: s.metadata,
        temperature: s.temperature,
        top_p: s.topP,
        max_prompt_tokens: promptTokens,
        max_completion_tokens: tokens,
        truncation_strategy: s.truncationStrategy,
        tool_choice: s.toolChoice,
        parallel_tool_calls: { type: 'boolean' },
        response_format: s.responseFormat,
        reasoning_effort: s.reasoningEffort,
        include: s.includeForSteps,
      },
      ['thread_id', 'assistant_id'],
    ),
    outputSchema: RUN_OUTPUT,
    annotations: CREATE,
    op: 'createRun',
  },
  {
    name: 'run-list',
    title: 'List runs',
    description: 'List a thread\'s runs, newest first.',
    inputSchema: input({ thread_id: s.IDS.thread_id, ...s.pagination }, ['thread_id']),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    op: 'listRuns',
  },
  {
    name: 'run-get',
    title: 'Get run',
    description: 'Get a run\'s status, required tool calls, error and usage.',
    inputSchema: input(runIds, ['thread_id', 'run_id']),
    outputSchema: RUN_OUTPUT,
    annotations: READ_ONLY,
    op: 'getRun',
  },
  {
    name: 'run-update',
    title: 'Update run',
    description: 'Replace a run\'s metadata.',
    inputSchema: input({ ...runIds, metadata: s.metadata }, ['thread_id', 'run_id']),
    outputSchema: RUN_OUTPUT,
    annotations: UPDATE,
    op: 'modifyRun',
  },
  {
    name: 'run-cancel',
    title: 'Cancel run',
    description: 'Cancel an unfinished run.',
    inputSchema: input(runIds, ['thread_id', 'run_id']),
    outputSchema: RUN_OUTPUT,
    annotations: UPDATE,
    op: 'cancelRun',
  },
  {
    name: 'run-submit-tool-outputs',
    title: 'Submit tool outputs',
    description: 'Answer a requires_action run: one output per tool call, all at once.',
    inputSchema: input(
      {
        ...runIds,
        tool_outputs: {
          type: 'array',
          minItems: 1,
          items: { type: 'object', required: ['tool_call_id', 'output'], properties: { tool_call_id: s.id('call'), output: { type: 'string' } } },
        },
      },
      ['thread_id', 'run_id', 'tool_outputs'],
    ),
    outputSchema: RUN_OUTPUT,
    annotations: CREATE,
    op: 'submitToolOutputsToRun',
  },
  {
    name: 'run-step-list',
    title: 'List run steps',
    description: 'List a run\'s steps: messages written, tool calls with inputs and outputs.',
    inputSchema: input({ ...runIds, ...s.pagination, include: s.include }, ['thread_id', 'run_id']),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    op: 'listRunSteps',
  },
  {
    name: 'run-step-get',
    title: 'Get run step',
    description: 'Get one run step with its step_details.',
    inputSchema: input({ ...runIds, step_id: s.IDS.step_id, include: s.include }, ['thread_id', 'run_id', 'step_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    op: 'getRunStep',
  },
];
