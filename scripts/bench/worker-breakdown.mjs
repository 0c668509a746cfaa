/**
 * What dist/worker.js is made of: per source folder (or module), its minified bytes, what it adds
 * to the gzip size (the bundle's gzip minus the gzip of the bundle without it), and how much of
 * that is text (string literals over 40 characters: descriptions, advice, docs, the sign-in page).
 * `node scripts/bench/worker-breakdown.mjs [--files] [--without PREFIX,PREFIX…]`: per folder, or with --files per
 * module; --without also prints what leaving out every module whose path starts with one of the prefixes
 * would save together (e.g. `--without src/oauth/,src/resources/`), to weigh which features a size target costs.
 */
import { build, transform } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { WORKER_BUILD, WORKER_DEFINE } from '../worker-build.mjs';

const ROOT = new URL('../../', import.meta.url);
const gzip = (text) => gzipSync(text).length;
/** String literals (quoted or template) as the minifier prints them. */
const STRINGS = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;
/** The code with every string literal over 40 characters emptied: what is left without the text. */
const withoutText = (code) => code.replace(STRINGS, (literal) => (literal.length > 40 ? '""' : literal));

/**
 * Builds the Worker as build.mjs does and weighs its parts. `rows` (largest +gzip first) are
 * folders, or modules with `files`, each with `text`: the gzip its long strings account for;
 * `codeGzip` is the whole bundle's gzip without long strings; `without(prefixes)` is what leaving those modules out saves.
 */
export async function workerBreakdown({ files = false } = {}) {
  const pkg = JSON.parse(await readFile(new URL('package.json', ROOT), 'utf8'));
  const options = { ...WORKER_BUILD, absWorkingDir: fileURLToPath(ROOT), bundle: true, legalComments: 'none', define: { __VERSION__: JSON.stringify(pkg.version), ...WORKER_DEFINE }, logLevel: 'warning', write: false };
  const shipped = (await build({ ...options, minify: true })).outputFiles[0].contents;
  // Without whitespace minification esbuild marks each module's code with a `// src/…` line.
  const marked = (await build({ ...options, minifyIdentifiers: true, minifySyntax: true })).outputFiles[0].text.split(/^\/\/ (src\/\S+)$/m);
  const chunks = [];
  for (let i = 1; i < marked.length; i += 2) chunks.push({ file: marked[i], code: (await transform(marked[i + 1], { minifyWhitespace: true, format: 'esm', target: WORKER_BUILD.target })).code });
  const whole = gzip(chunks.map((c) => c.code).join(''));
  /** What removing these modules together saves: the bundle's gzip minus the gzip of the rest. */
  const saved = (out) => whole - gzip(chunks.filter((c) => !out(c.file)).map((c) => c.code).join(''));
  /** What emptying these modules' long strings saves. */
  const text = (out) => whole - gzip(chunks.map((c) => (out(c.file) ? withoutText(c.code) : c.code)).join(''));
  const folderOf = (file) => `${file.split('/').slice(0, -1).join('/')}/`;
  const names = new Set(chunks.map((c) => (files ? c.file : folderOf(c.file))));
  const rows = [...names].map((name) => {
    const out = files ? (file) => file === name : (file) => folderOf(file) === name;
    return { name, bytes: chunks.filter((c) => out(c.file)).reduce((sum, c) => sum + c.code.length, 0), gzip: saved(out), text: text(out) };
  });
  return {
    minified: shipped.length,
    gzip: gzip(shipped),
    codeGzip: gzip(chunks.map((c) => withoutText(c.code)).join('')),
    rows: rows.sort((a, b) => b.gzip - a.gzip),
    without: (prefixes) => saved((file) => prefixes.some((p) => file.startsWith(p))),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await workerBreakdown({ files: process.argv.includes('--files') });
  console.log(`dist/worker.js: ${result.minified} B minified, ${result.gzip} B gzip; without its strings over 40 characters ${result.codeGzip} B gzip`);
  console.log('minified  +gzip  text  module');
  for (const { name, bytes, gzip: gz, text } of result.rows) console.log(`${String(bytes).padStart(8)} ${String(gz).padStart(6)} ${String(text).padStart(5)}  ${name}`);
  console.log('(+gzip: what removing that module or folder alone would save; text: what emptying its strings over 40 characters would;');
  console.log(' the columns sum to less than the total, as gzip shares strings across modules)');
  const without = process.argv.indexOf('--without');
  if (without > 0) {
    const prefixes = process.argv[without + 1].split(',');
    const gone = result.without(prefixes);
    console.log(`without ${prefixes.join(' + ')}: ${gone} B gzip less, ${result.gzip - gone} B left`);
  }
}
