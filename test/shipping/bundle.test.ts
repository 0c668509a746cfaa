/**
 * `npm run bundle`: the .mcpb unpacks as a host would, its manifest follows the published MCPB 0.4
 * schema, and the server starts exactly as the manifest says; server.json follows the
 * MCP Registry schema and points at this package, this bundle and the Worker.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { selectionFor } from '../../src/tools/selection.js';
import { TOOLSETS } from '../../src/tools/types.js';
import { startFakeResponses, type FakeResponses } from '../fake/responses-server.js';
import { initialize, startCli, type CliProcess } from '../helpers/cli-process.js';
import { CANARY_KEY } from '../helpers/in-process.js';
import { schemaErrors } from '../helpers/json-schema.js';
import { unzip, type ZipEntry } from '../helpers/unzip.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const json = (path: string) => JSON.parse(readFileSync(join(ROOT, path), 'utf8'));
const pkg = json('package.json');

let out: string;
let bundle: Buffer;
let entries: ZipEntry[];
let fake: FakeResponses;
const children: CliProcess[] = [];

before(async () => {
  out = mkdtempSync(join(tmpdir(), 'oam-bundle-'));
  // dist/ is built by `npm test`.
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', out], { cwd: ROOT, stdio: 'pipe' });
  bundle = readFileSync(join(out, 'openai-assistants-mcp.mcpb'));
  entries = unzip(bundle);
  fake = await startFakeResponses({ apiKey: CANARY_KEY });
});
after(async () => {
  for (const child of children) child.child.kill();
  await fake?.close();
  rmSync(out, { recursive: true, force: true });
});

test('the bundle holds the manifest, icon, license and the server alone (no dependencies)', () => {
  const chunks = readdirSync(join(ROOT, 'dist', 'chunks')).map((name) => `server/chunks/${name}`);
  assert.ok(chunks.length > 0, 'dist/chunks holds the parts the server loads on demand');
  assert.deepEqual(entries.map((e) => e.name).sort(), ['LICENSE', 'icon.png', 'manifest.json', 'server/cli.cjs', ...chunks].sort());
  assert.deepEqual(entries.find((e) => e.name === 'server/cli.cjs')!.data, readFileSync(join(ROOT, 'dist', 'cli.cjs')));
  for (const chunk of chunks) assert.deepEqual(entries.find((e) => e.name === chunk)!.data, readFileSync(join(ROOT, 'dist', chunk.replace('server/', ''))));
  const icon = entries.find((e) => e.name === 'icon.png')!.data;
  assert.deepEqual([...icon.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.equal(icon.readUInt32BE(16), 256, 'a 256 px icon');
});

test('manifest.json follows the MCPB 0.4 schema, with the key sensitive and every tool listed', () => {
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8'));
  assert.deepEqual(schemaErrors(json('test/fixtures/schemas/mcpb-manifest-v0.4.schema.json'), manifest), []);
  assert.equal(manifest.manifest_version, '0.4');
  assert.equal(manifest.version, pkg.version);
  assert.equal(manifest.user_config.openai_api_key.sensitive, true);
  assert.deepEqual(Object.keys(manifest.user_config).sort(), ['backend', 'base_url', 'file_folder', 'openai_api_key', 'store_dir', 'toolsets']);
  for (const set of TOOLSETS) assert.ok(manifest.user_config.toolsets.description.includes(set), `the Toolsets setting names ${set}`);
  assert.ok(manifest.privacy_policies.length > 0 && manifest.compatibility.runtimes.node === pkg.engines.node);
  assert.deepEqual(manifest.tools.map((t: { name: string }) => t.name), selectionFor(loadConfig({})).tools.map((t) => t.name), 'the tools served by default');
  assert.ok(entries.some((e) => e.name === manifest.icon) && entries.some((e) => e.name === manifest.server.entry_point));
});

/** Unpacks the bundle and starts its server the way a host does: ${__dirname} and ${user_config.*} substituted. */
function startFromManifest(userConfig: Record<string, string | undefined>): CliProcess {
  const dir = mkdtempSync(join(out, 'installed-'));
  for (const entry of entries) {
    mkdirSync(join(dir, entry.name, '..'), { recursive: true });
    writeFileSync(join(dir, entry.name), entry.data, { mode: entry.mode });
  }
  const { mcp_config: config } = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).server;
  const expand = (text: string) =>
    text.replace('${__dirname}', dir).replace(/\$\{user_config\.(\w+)\}/g, (whole, key: string) => userConfig[key] ?? whole);
  const env = Object.fromEntries(Object.entries(config.env as Record<string, string>).map(([name, value]) => [name, expand(value)]));
  // The host runs `node` with its own runtime; here that is this Node.
  const command = config.command === 'node' ? process.execPath : config.command;
  const cli = startCli(env, [], [command, ...config.args.map(expand)]);
  children.push(cli);
  return cli;
}

test('the server starts exactly as the manifest says and serves the responses backend', async () => {
  const store = join(out, 'store');
  const documents = join(out, 'documents');
  mkdirSync(documents, { recursive: true });
  writeFileSync(join(documents, 'notes.txt'), 'The launch is on Tuesday.');
  const cli = startFromManifest({ openai_api_key: CANARY_KEY, base_url: fake.url, backend: 'responses', store_dir: store, toolsets: 'assistants,files', file_folder: documents });
  await initialize(cli);
  const created = await cli.call('assistant-create', { model: 'gpt-4o', name: 'From the bundle' });
  assert.equal(created.isError, undefined, created.content?.[0]?.text);
  // The documents folder is where file-upload may read by path.
  const uploaded = await cli.call('file-upload', { path: join(documents, 'notes.txt'), purpose: 'assistants' });
  assert.equal(uploaded.isError, undefined, uploaded.content?.[0]?.text);
  assert.equal(fake.files.state.files.size, 1, 'the file reached the upstream');
  assert.equal(await cli.end(), 0);
  assert.ok(readdirSync(store).length > 0, 'records in the configured store folder');
  assert.ok(!cli.stdout().includes(CANARY_KEY) && !cli.stderr().includes(CANARY_KEY));
});

test('optional settings left empty (or unexpanded by the host) fall back to the defaults', async () => {
  const cli = startFromManifest({ openai_api_key: CANARY_KEY });
  const init = await initialize(cli);
  assert.match(init.result.instructions, /backend: responses, API: https:\/\/api\.openai\.com\/v1/);
  assert.equal(await cli.end(), 0);
  assert.doesNotMatch(cli.stderr(), /must|invalid/i);
});

test('server.json follows the MCP Registry schema: npm package, .mcpb with its sha256, the Worker as a remote', () => {
  const schema = json('test/fixtures/schemas/registry-server-2025-12-11.schema.json');
  const committed = json('server.json');
  const released = JSON.parse(readFileSync(join(out, 'server.json'), 'utf8'));
  for (const server of [committed, released]) {
    assert.deepEqual(schemaErrors(schema, server), []);
    assert.equal(server.$schema, schema.$id);
    assert.equal(server.name, pkg.mcpName, 'package.json mcpName proves the npm package belongs to this server');
    assert.equal(server.version, pkg.version);
    assert.deepEqual(server.packages.map((p: { registryType: string }) => p.registryType), ['npm', 'mcpb']);
    assert.equal(server.packages[0].identifier, pkg.name);
    assert.equal(server.remotes[0].type, 'streamable-http');
    assert.match(server.remotes[0].url, /^https:\/\/.+\/mcp$/);
  }
  const mcpb = released.packages[1];
  assert.equal(mcpb.fileSha256, createHash('sha256').update(bundle).digest('hex'));
  assert.match(mcpb.identifier, new RegExp(`/v${pkg.version.replace(/\./g, '\\.')}/openai-assistants-mcp\\.mcpb$`));
  const key = released.packages[0].environmentVariables.find((v: { name: string }) => v.name === 'OPENAI_API_KEY');
  assert.equal(key.isSecret, true);
});

test('the schema checker itself rejects what the schemas forbid', () => {
  const schema = json('test/fixtures/schemas/mcpb-manifest-v0.4.schema.json');
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8'));
  assert.match(schemaErrors(schema, { ...manifest, manifest_version: '0.3' }).join('\n'), /manifest_version: must be "0.4"/);
  assert.match(schemaErrors(schema, { ...manifest, surprise: 1 }).join('\n'), /unknown property "surprise"/);
  assert.match(schemaErrors(schema, { ...manifest, server: { ...manifest.server, type: 'ruby' } }).join('\n'), /server\.type: must be one of/);
  const registry = json('test/fixtures/schemas/registry-server-2025-12-11.schema.json');
  const server = json('server.json');
  assert.match(schemaErrors(registry, { ...server, name: 'no-slash' }).join('\n'), /\$\.name: must match/);
  assert.match(schemaErrors(registry, { ...server, packages: [{ ...server.packages[0], version: 'latest' }] }).join('\n'), /must not match/);
});
