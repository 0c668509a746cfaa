/** assistant-* tools. */
import type { Issue, Schema } from '../validate.js';
import * as s from './schemas.js';
import { CREATE, DELETE, DELETED_OUTPUT, LIST_OUTPUT, READ_ONLY, UPDATE, input, OBJECT_OUTPUT, type ToolDef } from './types.js';

/** A string the update may also set to null (clears it); anyOf, not a type array, for portability. */
const nullable = (maxLength: number): Schema => ({ anyOf: [{ type: 'string', maxLength }, { type: 'null' }] });

const definition = (withNewVectorStores: boolean) => ({
  model: s.model,
  name: nullable(256),
  description: nullable(512),
  instructions: nullable(256000),
  tools: s.tools(128),
  tool_resources: s.toolResources(withNewVectorStores),
  metadata: s.metadata,
  temperature: s.temperature,
  top_p: s.topP,
  response_format: s.responseFormat,
  reasoning_effort: s.reasoningEffort,
});


/**
 * tool_resources.X only works when the assistant has tool X. On create, tools
 * defaults to none; on update, an absent `tools` keeps the assistant's, so it is
 * checked only when given.
 */
export const toolResourcesNeedTools = (onCreate: boolean) => (args: Record<string, unknown>): Issue[] => {
  const resources = args.tool_resources as Record<string, unknown> | undefined;
  const tools = args.tools as { type?: unknown }[] | undefined;
  if (!resources || (!tools && !onCreate)) return [];
  const types = new Set((tools ?? []).map((t) => t?.type));
  return ['code_interpreter', 'file_search']
    .filter((kind) => resources[kind] !== undefined && !types.has(kind))
    .map((kind) => ({
      path: `tool_resources.${kind}`,
      message: `tool_resources.${kind} needs the ${kind} tool; tools has none. Add {"type":"${kind}"} to tools, or remove tool_resources.${kind}.`,
    }));
};

export const assistantTools: ToolDef[] = [
  {
    name: 'assistant-create',
    title: 'Create assistant',
    description: 'Create an assistant (model, instructions, tools).',
    inputSchema: input(definition(true), ['model']),
    outputSchema: OBJECT_OUTPUT,
    annotations: CREATE,
    op: 'createAssistant',
    refine: toolResourcesNeedTools(true),
  },
  {
    name: 'assistant-list',
    title: 'List assistants',
    description: 'List assistants, newest first.',
    inputSchema: input(s.pagination),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    op: 'listAssistants',
  },
  {
    name: 'assistant-get',
    title: 'Get assistant',
    description: 'Get an assistant\'s settings.',
    inputSchema: input({ assistant_id: s.IDS.assistant_id }, ['assistant_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    op: 'getAssistant',
  },
  {
    name: 'assistant-update',
    title: 'Update assistant',
    description: 'Change an assistant: given fields only; tools and metadata are replaced whole.',
    inputSchema: input({ assistant_id: s.IDS.assistant_id, ...definition(false) }, ['assistant_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: UPDATE,
    op: 'modifyAssistant',
    refine: toolResourcesNeedTools(false),
  },
  {
    name: 'assistant-delete',
    title: 'Delete assistant',
    description: 'Delete an assistant (its threads stay).',
    inputSchema: input({ assistant_id: s.IDS.assistant_id }, ['assistant_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    op: 'deleteAssistant',
  },
];
