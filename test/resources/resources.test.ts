import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOCS } from '../../src/resources/docs.js';
import { TEMPLATES } from '../../src/resources/templates.js';
import { TOOLS, TOOLS_BY_NAME } from '../../src/tools/index.js';
import { validate } from '../../src/validate.js';

test('every assistant template is valid assistant-create input', () => {
  const create = TOOLS_BY_NAME.get('assistant-create')!;
  assert.equal(TEMPLATES.length, 4);
  for (const template of TEMPLATES) {
    const args = JSON.parse(template.text);
    assert.deepEqual([...validate(create.inputSchema, args), ...(create.refine?.(args) ?? [])], [], template.uri);
    assert.equal(template.uri, `assistant://templates/${template.name}`);
  }
});

test('the tool reference documents every tool and every parameter', () => {
  const reference = DOCS.find((d) => d.uri === 'docs://openai-assistants-api')!.text;
  for (const tool of TOOLS) {
    assert.ok(reference.includes(`### ${tool.name} `), tool.name);
    const section = reference.split(`### ${tool.name} `)[1].split('\n### ')[0];
    for (const param of Object.keys(tool.inputSchema.properties ?? {})) assert.ok(section.includes(`\`${param}\``), `${tool.name}.${param}`);
  }
});

test('the error guide names every tool that is never retried blindly, and the real message size limit', () => {
  const guide = DOCS.find((d) => d.uri === 'docs://error-handling')!.text;
  const never = guide.split('**Creates are never retried blindly** (')[1].split(')')[0].split(', ');
  assert.deepEqual(never, TOOLS.filter((t) => !t.annotations.idempotentHint).map((t) => t.name));
  assert.match(guide, /MCP_MAX_MESSAGE_BYTES\` \(default 4 MiB\)/);
});
