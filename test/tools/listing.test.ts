/** The published tool list: byte budgets (computed from the table, printed), portability, icons, serialized once. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SEED_TOOLS, TOOLS, TOOLS_BY_NAME } from '../../src/tools/index.js';
import { leanSchema, listBytes, publishedTool, toolListText } from '../../src/tools/listing.js';
import { selectionFor } from '../../src/tools/selection.js';
import { TOOLSETS } from '../../src/tools/types.js';
import { validate } from '../../src/validate.js';
import { connect } from '../helpers/in-process.js';
import { freeFormObjects, portabilityFindings } from '../helpers/schema-portability.js';

// Budgets are on the list as a 2025-06-18 client gets it; icons (2025-11-25 on) are printed apart.

const BUDGETS = { seed: 14_000, all: 32_000, default: 16_000 } as const;

test('budgets: 22 seed tools ≤ 14,000 B, every tool ≤ 32,000 B, the default toolset ≤ 16,000 B', () => {
  const sizes = {
    seed: listBytes(SEED_TOOLS),
    all: listBytes(TOOLS),
    default: listBytes(selectionFor({}).tools),
  };
  const withIcons = { seed: listBytes(SEED_TOOLS, true), all: listBytes(TOOLS, true), default: listBytes(selectionFor({}).tools, true) };
  console.log(`tools/list bytes (budget): seed ${sizes.seed} (${BUDGETS.seed}), all ${TOOLS.length} tools ${sizes.all} (${BUDGETS.all}), default ${sizes.default} (${BUDGETS.default}); with 2025-11-25 icons: ${JSON.stringify(withIcons)}`);
  for (const key of Object.keys(BUDGETS) as (keyof typeof BUDGETS)[]) assert.ok(sizes[key] <= BUDGETS[key], `${key}: ${sizes[key]} > ${BUDGETS[key]}`);
});

test('every published tool keeps its title, all four annotation hints and an output schema', () => {
  for (const tool of TOOLS) {
    const published = publishedTool(tool, false) as any;
    assert.ok(published.title && published.description, tool.name);
    assert.deepEqual(Object.keys(published.annotations).sort(), ['destructiveHint', 'idempotentHint', 'openWorldHint', 'readOnlyHint'], tool.name);
    for (const hint of Object.values(published.annotations)) assert.equal(typeof hint, 'boolean');
    assert.equal(published.outputSchema.type, 'object', tool.name);
    assert.ok(Object.keys(published.outputSchema.properties).length > 0, tool.name);
    assert.deepEqual(Object.keys(published.inputSchema.properties), Object.keys(leanSchema(tool.inputSchema).properties!), tool.name);
  }
});

test('portability: no type arrays, no if/then, no boolean schemas, arrays with items; inputs in the OpenAI + Gemini subset', () => {
  const free: string[] = [];
  for (const tool of TOOLS) {
    const published = publishedTool(tool, false) as any;
    assert.deepEqual(portabilityFindings(published.inputSchema, tool.name, true), [], `${tool.name} inputSchema`);
    assert.deepEqual(portabilityFindings(published.outputSchema, tool.name), [], `${tool.name} outputSchema`);
    // The validator's own schemas carry no type arrays either (nullable is anyOf with null).
    assert.deepEqual(portabilityFindings(tool.inputSchema, tool.name).filter((f) => f.rule === 'type-union'), [], `${tool.name} validation schema`);
    free.push(...freeFormObjects(published.inputSchema, tool.name));
  }
  // The documented exception (README, "Schema portability"): free-form objects, which Gemini's
  // OpenAPI-subset `parameters` refuses and its `parametersJsonSchema` accepts.
  const kinds = new Set(free.map((path) => path.replace(/^[^.]+\./, '').replace(/\[\]$/, '')));
  assert.deepEqual([...kinds].sort(), ['additional_messages', 'attachments', 'attributes', 'content|1', 'filters', 'messages', 'message|1', 'metadata', 'response_format|1', 'thread.messages', 'thread.metadata', 'tool_choice|1', 'tool_resources', 'tools', 'truncation_strategy']);
});

test('the published list is serialized once per selection and sent as those bytes', async () => {
  const selection = selectionFor({ toolsets: ['runs'] });
  const text = toolListText(selection, false);
  assert.equal(toolListText(selection, false), text, 'the same bytes object');
  const c = connect({ toolsets: ['runs'] });
  await c.request('initialize', { protocolVersion: '2025-06-18', capabilities: {} });
  const [reply] = await c.raw('{"jsonrpc":"2.0","id":9,"method":"tools/list"}');
  assert.deepEqual(reply.result.tools, JSON.parse(text.text));
  assert.deepEqual(reply.result.tools.map((t: any) => t.name), selection.tools.map((t) => t.name));
});

test('what the list leaves out is still enforced by the validator', () => {
  const runCreate = TOOLS_BY_NAME.get('run-create')!;
  const published = publishedTool(runCreate, false) as any;
  assert.equal(published.inputSchema.properties.top_p, undefined, 'top_p is accepted, not published');
  assert.deepEqual(validate(runCreate.inputSchema, { thread_id: 't', assistant_id: 'a', top_p: 0.5 }), []);
  assert.match(validate(runCreate.inputSchema, { thread_id: 't', assistant_id: 'a', top_p: 2 })[0].message, /top_p must be between 0 and 1/);
  assert.match(validate(runCreate.inputSchema, { thread_id: 'a/b', assistant_id: 'a' })[0].message, /thread_id must match the pattern/);
  assert.match(validate(runCreate.inputSchema, { thread_id: 't', assistant_id: 'a', bogus: 1 })[0].message, /bogus is not a known parameter/);
  const tools = [{ type: 'function' }];
  assert.match(validate(runCreate.inputSchema, { thread_id: 't', assistant_id: 'a', tools })[0].message, /tools\[0\]\.function is required/);
});

test('icons: on the server and every tool from 2025-11-25 on, inline SVG, none before', async () => {
  for (const [version, expected] of [['2025-06-18', false], ['2025-11-25', true]] as const) {
    const c = connect();
    const init = await c.request('initialize', { protocolVersion: version, capabilities: {} });
    assert.equal('icons' in init.result.serverInfo, expected, version);
    const { tools } = (await c.request('tools/list')).result;
    for (const tool of tools) assert.equal('icons' in tool, expected, `${version} ${tool.name}`);
    if (!expected) continue;
    for (const icon of [...init.result.serverInfo.icons, ...tools.flatMap((t: any) => t.icons)]) {
      // Only URI characters (RFC 3986), as the schema's "uri" format requires.
      assert.match(icon.src, /^data:image\/svg\+xml,%3Csvg%20xmlns='http:\/\/www\.w3\.org\/2000\/svg'[\w\-.~!$&'()*+,;=:@/?%]*%3C\/svg%3E$/);
      assert.ok(icon.src.length <= 256, `${icon.src.length} chars`);
      assert.ok(decodeURIComponent(icon.src.slice('data:image/svg+xml,'.length)).startsWith('<svg'));
    }
    assert.equal(new Set(tools.map((t: any) => t.icons[0].src)).size, new Set(TOOLS.map((t) => t.toolset)).size, 'one icon per toolset');
  }
});

test('README: the toolset table matches the table (tools and bytes)', () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const rows = TOOLSETS.map((set) => {
    const tools = TOOLS.filter((tool) => tool.toolset === set);
    return `| \`${set}\` | ${tools.map((t) => t.name).join(', ') || '(none yet)'} | ${tools.length ? listBytes(tools).toLocaleString('en-US') : 0} |`;
  });
  const table = [
    '| Toolset | Tools | Bytes |',
    '|---|---|---|',
    ...rows,
    `| \`default\` | ${selectionFor({}).tools.map((t) => t.name).join(', ')} | ${listBytes(selectionFor({}).tools).toLocaleString('en-US')} |`,
    `| \`all\` | all ${TOOLS.length} | ${listBytes(TOOLS).toLocaleString('en-US')} |`,
  ].join('\n');
  assert.ok(readme.includes(table), `README needs this table:\n${table}`);
});
