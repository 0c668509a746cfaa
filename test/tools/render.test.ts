/** renderText: the exact YAML-like lines a text-only client sees (dashes for items, `|` for multi-line strings). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderText } from '../../src/tools/render.js';

test('records, lists of records, nested lists, empty containers and multi-line strings', () => {
  const value = {
    data: [
      { id: 'asst_1', tools: [{ type: 'code_interpreter' }], metadata: {} },
      { id: 'asst_2', instructions: 'Be brief.\nCite sources.', tags: [] },
    ],
    matrix: [[1, 2], []],
    first_id: null,
    has_more: false,
  };
  assert.equal(
    renderText(value),
    [
      'data:',
      '  - id: asst_1',
      '    tools:',
      '      - type: code_interpreter',
      '    metadata: {}',
      '  - id: asst_2',
      '    instructions: |',
      '      Be brief.',
      '      Cite sources.',
      '    tags: []',
      'matrix:',
      '  - - 1',
      '    - 2',
      '  - []',
      'first_id: null',
      'has_more: false',
    ].join('\n'),
  );
});

test('top-level scalars, an empty list and an empty record', () => {
  assert.equal(renderText('deleted'), 'deleted');
  assert.equal(renderText(3), '3');
  assert.equal(renderText(undefined), 'null');
  assert.equal(renderText([]), '[]');
  assert.equal(renderText({}), '{}');
  assert.equal(renderText(['a\nb']), '- |\n    a\n    b');
});
