/** Schema examples end up in error messages the model copies: they must be valid on both backends. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertConversationId } from '../../src/backends/responses/records.js';
import { TOOLS } from '../../src/tools/index.js';
import { validate, type Schema } from '../../src/validate.js';

test('every thread_id example is one the responses backend accepts, and every example fits its schema', () => {
  let threadExamples = 0;
  for (const tool of TOOLS) {
    for (const [name, schema] of Object.entries(tool.inputSchema.properties ?? {}) as [string, Schema][]) {
      for (const example of (schema.examples as unknown[] | undefined) ?? []) {
        assert.deepEqual(validate(schema, example), [], `${tool.name}.${name} example ${JSON.stringify(example)}`);
        if (name === 'thread_id') {
          threadExamples++;
          assert.doesNotThrow(() => assertConversationId(example as string), `${tool.name}.thread_id example ${example}`);
        }
      }
    }
  }
  assert.ok(threadExamples > 10, `${threadExamples} thread_id examples checked`);
});
