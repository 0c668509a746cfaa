/** message-* tools. */
import * as s from './schemas.js';
import { CREATE, DELETE, DELETED_OUTPUT, LIST_OUTPUT, READ_ONLY, UPDATE, input, OBJECT_OUTPUT, type ToolDef } from './types.js';

const ids = { thread_id: s.IDS.thread_id, message_id: s.IDS.message_id };

export const messageTools: ToolDef[] = [
  {
    name: 'message-create',
    title: 'Add message',
    description: 'Add a message to a thread. Nothing answers it until run-create.',
    inputSchema: input(
      { thread_id: s.IDS.thread_id, role: s.role, content: s.messageContent, attachments: s.attachments, metadata: s.metadata },
      ['thread_id', 'role', 'content'],
    ),
    outputSchema: OBJECT_OUTPUT,
    annotations: CREATE,
    op: 'createMessage',
  },
  {
    name: 'message-list',
    title: 'List messages',
    description: 'List a thread\'s messages (id, role, text), newest first; run_id: one run\'s only.',
    inputSchema: input({ thread_id: s.IDS.thread_id, ...s.pagination, run_id: s.IDS.run_id }, ['thread_id']),
    outputSchema: LIST_OUTPUT,
    annotations: READ_ONLY,
    op: 'listMessages',
  },
  {
    name: 'message-get',
    title: 'Get message',
    description: 'Get one message.',
    inputSchema: input(ids, ['thread_id', 'message_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: READ_ONLY,
    op: 'getMessage',
  },
  {
    name: 'message-update',
    title: 'Update message',
    description: 'Replace a message\'s metadata (content can\'t be edited).',
    inputSchema: input({ ...ids, metadata: s.metadata }, ['thread_id', 'message_id']),
    outputSchema: OBJECT_OUTPUT,
    annotations: UPDATE,
    op: 'modifyMessage',
  },
  {
    name: 'message-delete',
    title: 'Delete message',
    description: 'Delete a message permanently.',
    inputSchema: input(ids, ['thread_id', 'message_id']),
    outputSchema: DELETED_OUTPUT,
    annotations: DELETE,
    op: 'deleteMessage',
  },
];
