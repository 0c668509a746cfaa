/** Sizes: the two bundles, and tools/list against issue 13's budgets (seed, all tools, default toolset). */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { figure, section, target } from '../report.mjs';
import { ROOT } from '../settings.mjs';

const build = (path) => import(`${ROOT}.build/src/${path}`);

export async function sizesSection() {
  section('sizes: bundles and tools/list');
  // dist/cli.cjs and the chunks it loads on demand (--http and OAuth, the responses backend).
  const files = ['cli.cjs', ...readdirSync(`${ROOT}dist/chunks`).map((name) => `chunks/${name}`)].map((name) => ({ name, bytes: readFileSync(`${ROOT}dist/${name}`) }));
  const all = Buffer.concat(files.map((f) => f.bytes));
  figure('sizes', 'dist/cli.cjs + dist/chunks gzip', gzipSync(all).length / 1024, 'KB', { note: `${all.length} B minified in ${files.length} files` });
  const stdio = files.filter((f) => !/^chunks\/(http-mode|responses)-/.test(f.name));
  const stdioBytes = stdio.reduce((sum, f) => sum + f.bytes.length, 0);
  figure('sizes', 'stdio startup reads (assistants backend)', stdioBytes / 1024, 'KB', { note: `${stdio.map((f) => f.name).join(', ')}` });
  const { SEED_TOOLS, TOOLS } = await build('tools/index.js');
  const { listBytes } = await build('tools/listing.js');
  const { selectionFor } = await build('tools/selection.js');
  for (const [label, tools, budget] of [[`tools/list, ${SEED_TOOLS.length} seed tools`, SEED_TOOLS, 14_000], [`tools/list, all ${TOOLS.length} tools`, TOOLS, 32_000], ['tools/list, default toolset', selectionFor({}).tools, 16_000]]) {
    const bytes = listBytes(tools);
    figure('sizes', label, bytes, 'B');
    target(`${label} ≤ ${budget} B (issue 13)`, bytes, '<=', budget, ' B');
  }
}
