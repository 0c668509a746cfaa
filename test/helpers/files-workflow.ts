/**
 * The done-when workflow of files and vector stores, written against a `call(tool, args)` function so
 * the same steps drive any transport and backend: upload by path and by content, build a vector store,
 * wait for indexing, create an assistant with file_search over it, ask, and get an answer citing the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLS_BY_NAME } from '../../src/tools/index.js';
import { validate } from '../../src/validate.js';
import type { CallTool } from './workflow.js';

/** A fresh allowed root holding the handbook the assistant will cite. */
export function makeRoot(): { root: string; handbook: string } {
  const root = mkdtempSync(join(tmpdir(), 'mcp-files-root-'));
  const handbook = join(root, 'handbook.md');
  writeFileSync(handbook, '# Handbook\nThe office opens at nine. Refunds are paid within fourteen days of a return.\n');
  return { root, handbook };
}

export async function runFilesWorkflow(call: CallTool, handbook: string) {
  const step = async (name: string, args: Record<string, unknown>) => {
    const result = await call(name, args);
    assert.notEqual(result.isError, true, `${name} failed: ${result.content?.[0]?.text}`);
    assert.deepEqual(validate(TOOLS_BY_NAME.get(name)!.outputSchema, result.structuredContent), [], `${name}: structuredContent matches outputSchema`);
    return result;
  };

  const byPath = await step('file-upload', { path: handbook });
  assert.equal(byPath.structuredContent.filename, 'handbook.md');
  assert.equal(byPath.structuredContent.bytes, statSync(handbook).size);
  const link = byPath.content.find((c: any) => c.type === 'resource_link');
  assert.equal(link?.uri, `openai://files/${byPath.structuredContent.id}`, 'the upload links to its file');

  const byContent = await step('file-upload', { content: 'Parking is free on weekends.', filename: 'parking.txt' });
  assert.equal(byContent.structuredContent.bytes, 28);

  const store = (await step('vector-store-create', { name: 'Handbook' })).structuredContent;
  const added = (await step('vector-store-file-add', { vector_store_id: store.id, file_ids: [byPath.structuredContent.id, byContent.structuredContent.id] })).structuredContent;
  assert.equal(added.status, 'completed', added.next);
  assert.equal(added.failed, undefined, 'no failed files (compact results leave empty lists out)');

  const assistant = (await step('assistant-create', {
    model: 'gpt-4o',
    tools: [{ type: 'file_search' }],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
  })).structuredContent;
  const asked = await step('thread-create-and-run', { assistant_id: assistant.id, message: 'When are refunds paid?' });
  const answer = asked.structuredContent;
  assert.equal(answer.status, 'completed');
  assert.match(answer.answer, /Refunds are paid within fourteen days/);
  assert.deepEqual(answer.cited_file_ids, [byPath.structuredContent.id], 'the answer cites the uploaded handbook');
  assert.deepEqual(answer.citations.map((c: any) => [c.type, c.file_id, c.message_id]), [['file_citation', byPath.structuredContent.id, answer.message_ids[0]]]);
  assert.ok(asked.content.some((c: any) => c.type === 'resource_link' && c.uri === `openai://files/${byPath.structuredContent.id}`), 'the cited file is linked');

  const content = await step('file-content', { file_id: byPath.structuredContent.id });
  assert.equal(content.structuredContent.presented_as, 'text');
  assert.match(content.content[1].text, /office opens at nine/);
  return { store, assistant, files: [byPath.structuredContent, byContent.structuredContent] };
}
