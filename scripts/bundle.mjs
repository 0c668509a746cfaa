/**
 * `npm run bundle`: the one-click MCP Bundle (MCPB manifest 0.4) `openai-assistants-mcp.mcpb`
 * — manifest.json, icon.png, LICENSE and server/cli.cjs with the chunks it loads on demand
 * (server/chunks/), nothing else (zero dependencies) —
 * and server.json for the MCP Registry with the bundle's sha256 filled in.
 * `--out DIR` writes both there instead of the repository root. Needs dist/ (npm run build).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconPng } from './bundle/icon.mjs';
import { zip } from './bundle/zip.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_NAME = 'openai-assistants-mcp.mcpb';

const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : ROOT;
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
const cli = await readFile(join(ROOT, 'dist', 'cli.cjs'));
const chunks = await Promise.all(
  (await readdir(join(ROOT, 'dist', 'chunks'))).sort().map(async (name) => ({ name: `server/chunks/${name}`, data: await readFile(join(ROOT, 'dist', 'chunks', name)) })),
);
const tools = await listTools();

const manifest = {
  $schema: 'https://raw.githubusercontent.com/modelcontextprotocol/mcpb/main/schemas/mcpb-manifest-v0.4.schema.json',
  manifest_version: '0.4',
  name: pkg.name,
  display_name: 'OpenAI Assistants',
  version: pkg.version,
  description: 'Assistants, threads, messages and runs as MCP tools, on OpenAI (Responses API) or any Assistants-compatible API.',
  long_description:
    `${pkg.description} With an OpenAI key the tools run on the Responses + Conversations API; ` +
    'assistant definitions and the run index are kept in a folder on this computer. ' +
    'With another base URL (e.g. Azure) they use the Assistants v2 API.',
  author: { name: 'jezweb', url: 'https://github.com/jezweb' },
  repository: { type: 'git', url: pkg.repository.url.replace(/^git\+/, '') },
  homepage: pkg.homepage,
  documentation: pkg.homepage,
  support: pkg.bugs.url,
  icon: 'icon.png',
  server: {
    type: 'node',
    entry_point: 'server/cli.cjs',
    mcp_config: {
      command: 'node',
      args: ['${__dirname}/server/cli.cjs'],
      env: {
        OPENAI_API_KEY: '${user_config.openai_api_key}',
        OPENAI_BASE_URL: '${user_config.base_url}',
        OPENAI_BACKEND: '${user_config.backend}',
        MCP_STORE_DIR: '${user_config.store_dir}',
        MCP_TOOLSETS: '${user_config.toolsets}',
        MCP_FILE_ROOTS: '${user_config.file_folder}',
      },
    },
  },
  tools: tools.map(({ name, description }) => ({ name, description })),
  tools_generated: false,
  keywords: pkg.keywords,
  license: pkg.license,
  privacy_policies: ['https://openai.com/policies/row-privacy-policy/'],
  compatibility: {
    platforms: ['darwin', 'win32', 'linux'],
    runtimes: { node: pkg.engines.node },
  },
  user_config: {
    openai_api_key: {
      type: 'string',
      title: 'OpenAI API key',
      description: 'Sent only to the API below; never logged or stored.',
      sensitive: true,
      required: true,
    },
    base_url: {
      type: 'string',
      title: 'API base URL',
      description: 'https://api.openai.com/v1, or an Assistants-compatible API such as https://<resource>.openai.azure.com/openai.',
      default: 'https://api.openai.com/v1',
      required: false,
    },
    backend: {
      type: 'string',
      title: 'Backend',
      description: '"responses" or "assistants"; leave empty to choose from the base URL.',
      required: false,
    },
    toolsets: {
      type: 'string',
      title: 'Toolsets',
      description: 'Comma-separated toolsets to offer: default, all, or assistants, threads, messages, runs, wait, files, vector-stores.',
      default: 'default',
      required: false,
    },
    file_folder: {
      type: 'directory',
      title: 'Documents folder',
      description: 'A folder whose files file-upload may read by path, and where file-content may save. Empty: uploads take text or base64 content only (or a folder this app shares as a root).',
      required: false,
    },
    store_dir: {
      type: 'directory',
      title: 'Store folder',
      description: 'Where the responses backend keeps assistants and the run index. Empty: your user data folder.',
      required: false,
    },
  },
};

const files = [
  { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
  { name: 'icon.png', data: iconPng() },
  { name: 'LICENSE', data: await readFile(join(ROOT, 'LICENSE')) },
  { name: 'server/cli.cjs', data: cli, mode: 0o755 },
  ...chunks,
];
const bundle = zip(files);
const sha256 = createHash('sha256').update(bundle).digest('hex');

const server = JSON.parse(await readFile(join(ROOT, 'server.json'), 'utf8'));
server.version = pkg.version;
for (const entry of server.packages) {
  entry.version = pkg.version;
  if (entry.registryType === 'mcpb') {
    entry.identifier = entry.identifier.replace(/\/v[^/]+\//, `/v${pkg.version}/`);
    entry.fileSha256 = sha256;
  }
}
await mkdir(out, { recursive: true });
await writeFile(join(out, BUNDLE_NAME), bundle);
await writeFile(join(out, 'server.json'), `${JSON.stringify(server, null, 2)}\n`);
console.log(`${join(out, BUNDLE_NAME)}: ${bundle.length} bytes, sha256 ${sha256}; ${tools.length} tools. server.json updated.`);

/** The tool list as the built server publishes it by default (so the manifest never drifts). */
function listTools() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.cjs')], { env: { PATH: process.env.PATH, MCP_LOG_LEVEL: 'off' }, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', () => {
      const answer = output.split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((m) => m.id === 2);
      if (!answer?.result?.tools) reject(new Error(`dist/cli.cjs did not list its tools: ${output.slice(0, 300)}`));
      else resolve(answer.result.tools);
    });
    child.stdin.end(
      `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bundle', version: pkg.version } } })}\n` +
        `${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} })}\n`,
    );
  });
}
