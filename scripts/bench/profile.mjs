// node scripts/bench/profile.mjs [seconds]: where --http spends its time on tools/list and on
// tools/call assistant-list. Builds an unminified CLI (so frames keep their names), runs it under
// `node --cpu-prof` against the fake upstream with 32 keep-alive connections, and prints the top
// frames by self time. The .cpuprofile files stay in .cache/bench/profile (open them in DevTools).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BODIES, load, rpcHeaders } from './load.mjs';
import { startFake, startListening, stopAll, tempDir } from './processes.mjs';
import { KEY, ROOT } from './settings.mjs';

const SECONDS = Number(process.argv[2] ?? 5);
const OUT = join(ROOT, '.cache', 'bench', 'profile');
const CLI = join(OUT, 'cli.cjs');
const PATHS = { 'tools/list': BODIES.list, 'tools/call assistant-list': BODIES.call };

await build({ entryPoints: [join(ROOT, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node18', outfile: CLI, define: { __VERSION__: '"profile"' }, logLevel: 'warning' });

/**
 * Per frame (function + file:line), as a share of all samples: self time, and inclusive time
 * (samples with the frame anywhere on the stack) for the server's own code.
 */
function topFrames(file, count = 15) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = ({ functionName, url, lineNumber }) => `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  const self = new Map();
  const inclusive = new Map();
  for (const id of profile.samples) {
    const name = nameOf(byId.get(id).callFrame);
    self.set(name, (self.get(name) ?? 0) + 1);
    const onStack = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at).callFrame;
      if (frame.url.endsWith('profile/cli.cjs')) onStack.add(nameOf(frame));
    }
    for (const frame of onStack) inclusive.set(frame, (inclusive.get(frame) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const rows = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, hits]) => `${((100 * hits) / total).toFixed(1).padStart(5)}%  ${name}`);
  return ['self time:', ...rows(self), 'inclusive, the server\'s own code:', ...rows(inclusive)];
}

const fake = await startFake('assistants');
try {
  for (const [name, body] of Object.entries(PATHS)) {
    const dir = join(OUT, name.replace(/\W+/g, '-'));
    rmSync(dir, { recursive: true, force: true });
    const server = await startListening(['--cpu-prof', '--cpu-prof-dir', dir, CLI, '--http', '--port', '0'], { OPENAI_API_KEY: '', OPENAI_BASE_URL: fake.url, MCP_STORE_DIR: tempDir('profile') });
    const result = await load({ url: server.url, body, headers: rpcHeaders({ authorization: `Bearer ${KEY}` }), connections: 32, seconds: SECONDS });
    await server.stop(); // SIGTERM: the CLI exits cleanly, so node writes the profile
    console.log(`\n--http ${name}: ${Math.round(result.perSecond)} req/s over ${SECONDS} s; top frames:`);
    for (const line of topFrames(join(dir, readdirSync(dir)[0]))) console.log(`  ${line}`);
  }
} finally {
  await fake.stop();
  stopAll();
}
