/**
 * What the conformance run needs besides the repo: Node 22 (the suite calls fs.globSync)
 * and the two pinned suite versions, installed on demand into the git-ignored cache,
 * plus the `run()` helper every step uses to start a process. CI's other Node versions
 * come from the same `ensureNode` (scripts/with-node.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

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
  await ensureInstalled(dir, name, `${name}@${major}`, (installed) => installed?.split('.')[0] === String(major), log);
  return join(dir, 'node_modules', name, 'bin', 'node');
}

async function ensureSuite(cache, version, log) {
  const dir = join(cache, `suite-${version}`);
  await ensureInstalled(dir, SUITE_PACKAGE, `${SUITE_PACKAGE}@${version}`, (installed) => installed === version, log);
  return { version, bin: join(dir, 'node_modules', SUITE_PACKAGE, 'dist', 'index.js') };
}

/**
 * Installs one pinned package into its own folder of `cache` (unless already there), for tests
 * that drive third-party clients without adding a dependency. Resolves to the package's folder.
 */
export async function ensurePackage(cache, name, version, log = console.log) {
  const dir = join(cache, `${name.replace(/[@/]/g, '_')}-${version}`);
  await ensureInstalled(dir, name, `${name}@${version}`, (installed) => installed === version, log);
  return join(dir, 'node_modules', name);
}

/**
 * Installs `spec` into `dir` unless `fits` accepts the version there. Test files run in parallel
 * (and worktrees share one .cache), so two may want the same package at once: the install holds
 * a lock and goes to a side folder that is renamed into place whole, so no one ever reads half of it.
 */
async function ensureInstalled(dir, name, spec, fits, log) {
  if (fits(await installedVersion(dir, name))) return;
  await mkdir(dirname(dir), { recursive: true });
  await withLock(`${dir}.lock`, async () => {
    if (fits(await installedVersion(dir, name))) return; // installed by whoever held the lock before us
    const partial = `${dir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    try {
      await npmInstall(partial, spec, log, dir);
      await rm(dir, { recursive: true, force: true });
      await rename(partial, dir);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  });
}

/** Locks held longer than this are taken over even if their owner still runs (a hung npm). */
const LOCK_STALE_MS = 10 * 60_000;

/** Runs `fn` while holding `lock` (a folder: mkdir is atomic), waiting for a live holder to finish. */
export async function withLock(lock, fn) {
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (await lockIsStale(lock)) await rm(lock, { recursive: true, force: true });
      else await sleep(200);
    }
  }
  try {
    await writeFile(join(lock, 'pid'), String(process.pid));
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function lockIsStale(lock) {
  try {
    const { mtimeMs } = await stat(lock);
    if (Date.now() - mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(await readFile(join(lock, 'pid'), 'utf8').catch(() => ''));
    if (!pid) return Date.now() - mtimeMs > 5_000; // its holder has not written its pid yet (or died before)
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH' || error.code === 'ENOENT'; // its holder is gone, or the lock already is
  }
}

async function installedVersion(dir, name) {
  try {
    return JSON.parse(await readFile(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

async function npmInstall(dir, spec, log, shownDir = dir) {
  await mkdir(dir, { recursive: true });
  log(`Installing ${spec} into ${shownDir} …`);
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
