/** assistant-* tools. */
import type { Issue } from '../validate.js';
import * as s from './schemas.js';
import { CREATE, DELETE, DELETED_OUTPUT, LIST_OUTPUT, READ_ONLY, UPDATE, input, OBJECT_OUTPUT, type ToolDef } from './types.js';

const nullable = (type: 'string', maxLength: number) => ({ type: [type, 'null'] as const, maxLength });

const definition = (withNewVectorStores: boolean) => ({
  model: s.model,
  name: nullable('string', 256),
  description: nullable('string', 512),
  instructions: nullable('string', 256000),
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
    description: 'Create an assistant (model + instructions + tools). Returns it; pass its id to run-create.',
    inputSchema: input(definition(true), ['model']),
    outputSchema: OBJECT_OUTPUT,
    annotations: CREATE,
    op: 'createAssistant',
    refine: toolResourcesNeedTools(true),
  },
  {
    name: 'assistant-list',
    title: 'List assistants',
    description: 'List assistants, newest first. If has_more, call again with after=last_id.',
    inputSchema: input(s.pagination),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    op: 'listAssistants',
  },
  {
    name: 'assistant-get',
    title: 'Get assistant',
    description: 'Get an assistant\'s model, instructions, tools and metadata.',
    inputSchema: input({ assistant_id: s.IDS.assistant_id }, ['assistant_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    op: 'getAssistant',
  },
  {
    name: 'assistant-update',
    title: 'Update assistant',
    description: 'Change an assistant. Only given fields change; tools and metadata are replaced whole.',
    inputSchema: input({ assistant_id: s.IDS.assistant_id, ...definition(false) }, ['assistant_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: UPDATE,
    op: 'modifyAssistant',
    refine: toolResourcesNeedTools(false),
  },
  {
    name: 'assistant-delete',
    title: 'Delete assistant',
    description: 'Delete an assistant permanently (its threads stay).',
    inputSchema: input({ assistant_id: s.IDS.assistant_id }, ['assistant_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    op: 'deleteAssistant',
  },
];
