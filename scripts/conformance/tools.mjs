/**
 * What the conformance run needs besides the repo: Node 22 (the suite calls fs.globSync)
 * and the two pinned suite versions, installed on demand into the git-ignored cache,
 * plus the `run()` helper every step uses to start a process. CI's other Node versions
 * come from the same `ensureNode` (scripts/with-node.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const SUITE_PACKAGE = '@modelcontextprotocol/conformance';
export const NODE_MAJOR = 22;

/** Pinned so a baseline always matches the suite that produced it; bump both together. */
export const SUITES = {
  stable: process.env.CONFORMANCE_STABLE_VERSION ?? '0.1.16',
  next: process.env.CONFORMANCE_NEXT_VERSION ?? '0.2.0-alpha.12',
};

/**
 * Installs Node 22 (unless this Node is new enough; into `nodeCache`) and both suites into `cache`, skipping
 * whatever is already there at the right version. Resolves to { node, suites: { stable, next } },
 * each suite as { version, bin }.
 */
export async function ensureTools(cache, log = console.log, nodeCache = cache) {
  await mkdir(cache, { recursive: true });
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const [node, stable, next] = await Promise.all([
    nodeMajor >= NODE_MAJOR ? process.execPath : ensureNode(nodeCache, NODE_MAJOR, log),
    ensureSuite(cache, SUITES.stable, log),
    ensureSuite(cache, SUITES.next, log),
  ]);
  return { node, suites: { stable, next } };
}

/**
 * Installs the latest Node `major` from npm (the `node-<platform>-<arch>` package) into
 * `cache/node<major>` unless that major is already there; resolves to its binary.
 */
export async function ensureNode(cache, major, log = console.log) {
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  if (!platform) throw new Error(`No npm package of Node ${major} for ${process.platform}; run this with Node ${major} instead.`);
  const name = `node-${platform}-${process.arch}`;
  const dir = join(cache, `node${major}`);
  const installed = await installedVersion(dir, name);
  if (installed?.split('.')[0] !== String(major)) await npmInstall(dir, `${name}@${major}`, log);
  return join(dir, 'node_modules', name, 'bin', 'node');
}

async function ensureSuite(cache, version, log) {
  const dir = join(cache, `suite-${version}`);
  if ((await installedVersion(dir, SUITE_PACKAGE)) !== version) await npmInstall(dir, `${SUITE_PACKAGE}@${version}`, log);
  return { version, bin: join(dir, 'node_modules', SUITE_PACKAGE, 'dist', 'index.js') };
}

/**
 * Installs one pinned package into its own folder of `cache` (unless already there), for tests
 * that drive third-party clients without adding a dependency. Resolves to the package's folder.
 */
export async function ensurePackage(cache, name, version, log = console.log) {
  const dir = join(cache, `${name.replace(/[@/]/g, '_')}-${version}`);
  if ((await installedVersion(dir, name)) !== version) await npmInstall(dir, `${name}@${version}`, log);
  return join(dir, 'node_modules', name);
}

async function installedVersion(dir, name) {
  try {
    return JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function npmInstall(dir, spec, log) {
  await mkdir(dir, { recursive: true });
  log(`Installing ${spec} into ${dir} …`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = ['install', '--prefix', dir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', spec];
  const { code, output } = await run(npm, args, { cwd: dir, capture: true, label: `npm install ${spec}` });
  if (code !== 0) throw new Error(`npm install ${spec} failed (exit ${code}):\n${output}`);
}

/**
 * Runs a command. With `capture`, stdout+stderr are collected and any exit code resolves;
 * without, output is inherited and a non-zero exit rejects. `timeoutMs` kills the process.
 * Resolves to { code, output, timedOut }.
 */
export function run(command, args, { cwd, capture = false, timeoutMs, label = command }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: command.endsWith('.cmd') });
    let output = '';
    if (capture) {
      child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
    }
    let timedOut = false;
    const timer = timeoutMs ? setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, timeoutMs) : undefined;
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${label}: ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (!capture && code !== 0) reject(new Error(`${label} failed with exit code ${code}`));
      else resolve({ code, output, timedOut });
    });
  });
}
