/**
 * What dist/worker.js is made of: per source module (or folder), its minified bytes and what it
 * adds to the gzip size (the bundle's gzip minus the gzip of the bundle without it).
 * `node scripts/bench/worker-breakdown.mjs [--files] [--without PREFIX,PREFIX…]`: per folder, or with --files per
 * module; --without also prints what leaving out every module whose path starts with one of the prefixes
 * would save together (e.g. `--without src/oauth/,src/resources/`), to weigh which features a size target costs.
 */
import { build, transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { WORKER_BUILD } from '../worker-build.mjs';

const ROOT = new URL('../../', import.meta.url);
const pkg = JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8'));
const options = { ...WORKER_BUILD, absWorkingDir: ROOT.pathname, bundle: true, legalComments: 'none', define: { __VERSION__: JSON.stringify(pkg.version) }, logLevel: 'warning', write: false };
const gzip = (text) => gzipSync(text).length;

const shipped = (await build({ ...options, minify: true })).outputFiles[0].contents;
console.log(`dist/worker.js: ${shipped.length} B minified, ${gzip(shipped)} B gzip`);

// Without whitespace minification esbuild marks each module's code with a `// src/…` line.
const marked = (await build({ ...options, minifyIdentifiers: true, minifySyntax: true })).outputFiles[0].text.split(/^\/\/ (src\/\S+)$/m);
const chunks = [];
for (let i = 1; i < marked.length; i += 2) chunks.push({ file: marked[i], code: (await transform(marked[i + 1], { minifyWhitespace: true, format: 'esm', target: WORKER_BUILD.target })).code });
const whole = gzip(chunks.map((c) => c.code).join(''));
/** What removing these modules together saves: the bundle's gzip minus the gzip of the rest. */
const saved = (out) => whole - gzip(chunks.filter((c) => !out(c.file)).map((c) => c.code).join(''));
const folderOf = (file) => `${file.split('/').slice(0, -1).join('/')}/`;
const groups = process.argv.includes('--files') ? chunks.map((c) => c.file) : chunks.map((c) => folderOf(c.file));
const rows = [...new Set(groups)].map((name) => {
  const out = name.endsWith('/') ? (file) => folderOf(file) === name : (file) => file === name;
  return { name, bytes: chunks.filter((c) => out(c.file)).reduce((sum, c) => sum + c.code.length, 0), gz: saved(out) };
});
console.log('minified  +gzip  module');
for (const { name, bytes, gz } of rows.sort((a, b) => b.gz - a.gz)) console.log(`${String(bytes).padStart(8)} ${String(gz).padStart(6)}  ${name}`);
console.log('(+gzip: what removing that module or folder alone would save; the column sums to less than the total, as gzip shares strings across modules)');

const without = process.argv.indexOf('--without');
if (without > 0) {
  const prefixes = process.argv[without + 1].split(',');
  const gone = saved((file) => prefixes.some((p) => file.startsWith(p)));
  console.log(`without ${prefixes.join(' + ')}: ${gone} B gzip less, ${gzip(shipped) - gone} B left`);
}
