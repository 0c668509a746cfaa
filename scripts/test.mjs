/**
 * `node scripts/test.mjs`: runs every built test (.build/spec/**\/*.test.js) with node:test on
 * the Node that runs this script. Files are passed one by one because Node 20 takes a folder
 * but not a glob, and Node 22+ takes a glob but no longer a folder.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC = fileURLToPath(new URL('../.build/spec', import.meta.url));
const files = (await readdir(SPEC, { recursive: true })).filter((file) => file.endsWith('.test.js')).sort().map((file) => join(SPEC, file));
if (!files.length) {
  console.error('No tests in .build/spec: build them first with `node build.mjs --tests`.');
  process.exit(1);
}
const child = spawn(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
child.once('exit', (code, signal) => (process.exitCode = code ?? (signal ? 1 : 0)));
