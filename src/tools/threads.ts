/** thread-* tools. */
import * as s from './schemas.js';
import { CREATE, DELETE, DELETED_OUTPUT, READ_ONLY, UPDATE, input, OBJECT_OUTPUT, type ToolDef } from './types.js';

const threadId = { thread_id: s.IDS.thread_id };

export const threadTools: ToolDef[] = [
  {
    name: 'thread-create',
    title: 'Create thread',
    description: 'Create a thread, optionally with first messages.',
    inputSchema: input({ messages: { type: 'array', items: s.inlineMessage }, tool_resources: s.toolResources(true), metadata: s.metadata }),
    outputSchema: OBJECT_OUTPUT,
    annotations: CREATE,
    op: 'createThread',
  },
  {
    name: 'thread-get',
    title: 'Get thread',
    description: 'Get a thread (its messages: message-list).',
    inputSchema: input(threadId, ['thread_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    op: 'getThread',
  },
  {
    name: 'thread-update',
    title: 'Update thread',
    description: 'Replace a thread\'s metadata or tool_resources.',
    inputSchema: input({ ...threadId, tool_resources: s.toolResources(false), metadata: s.metadata }, ['thread_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: UPDATE,
    op: 'modifyThread',
  },
  {
    name: 'thread-delete',
    title: 'Delete thread',
    description: 'Delete a thread with its messages and runs.',
    inputSchema: input(threadId, ['thread_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    op: 'deleteThread',
  },
];
