/** Sizes: the two bundles, and tools/list against issue 13's budgets (seed, all tools, default toolset). */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { figure, section, target } from '../report.mjs';
import { ROOT } from '../settings.mjs';

const build = (path) => import(`${ROOT}.build/src/${path}`);

export async function sizesSection() {
  section('sizes: bundles and tools/list');
  const cli = readFileSync(`${ROOT}dist/cli.cjs`);
  figure('sizes', 'dist/cli.cjs gzip', gzipSync(cli).length / 1024, 'KB', { note: `${cli.length} B minified` });
  const { SEED_TOOLS, TOOLS } = await build('tools/index.js');
  const { listBytes } = await build('tools/listing.js');
  const { selectionFor } = await build('tools/selection.js');
  for (const [label, tools, budget] of [[`tools/list, ${SEED_TOOLS.length} seed tools`, SEED_TOOLS, 14_000], [`tools/list, all ${TOOLS.length} tools`, TOOLS, 32_000], ['tools/list, default toolset', selectionFor({}).tools, 16_000]]) {
    const bytes = listBytes(tools);
    figure('sizes', label, bytes, 'B');
    target(`${label} ≤ ${budget} B (issue 13)`, bytes, '<=', budget, ' B');
  }
}
