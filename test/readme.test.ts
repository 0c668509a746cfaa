/** The README is part of the product: it must name every tool, option and resource the server has. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { flagOf } from '../src/config-flags.js';
import { OPTIONS } from '../src/config-options.js';
import { promptListing } from '../src/prompts/index.js';
import { RESOURCES } from '../src/resources/index.js';
import { SEED_TOOLS, TOOLS } from '../src/tools/index.js';
import { waitTools } from '../src/tools/run-and-wait.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('README lists every tool, option, prompt and resource', () => {
  for (const prompt of promptListing()) assert.ok(readme.includes(`| \`${prompt.name}\` |`), `prompt ${prompt.name}`);
  for (const tool of TOOLS) assert.ok(readme.includes(`| \`${tool.name}\` |`), `tool ${tool.name}`);
  for (const option of OPTIONS) {
    assert.ok(readme.includes(`\`${option.env}\``), `env ${option.env}`);
    const flag = flagOf(option);
    if (flag) assert.ok(readme.includes(`\`${flag}\``), `flag ${flag}`);
  }
  for (const resource of RESOURCES) assert.ok(readme.includes(`\`${resource.uri}\``), `resource ${resource.uri}`);
});

test('README gives the set-up commands that CI runs', () => {
  assert.ok(readme.includes('npm ci && npm start'));
  assert.ok(readme.includes('npm ci && npm test'));
  assert.ok(readme.includes('npm run test:conformance'));
  const steps = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8').split('\n');
  for (const step of ['npm ci', 'npm test', 'npm run test:conformance']) assert.ok(steps.includes(step), `.ci/run runs ${step}`);
});

test('tool counts in the README match the tool table', () => {
  const counts = [...readme.matchAll(/\b(\d+)\s+(seed\s+|run-and-wait\s+)?tools\b/g)];
  assert.ok(counts.length >= 3, `found ${counts.length} counts`);
  for (const [text, n, kind] of counts) {
    const allowed = kind?.startsWith('seed') ? [SEED_TOOLS.length] : kind ? [waitTools.length] : [SEED_TOOLS.length, TOOLS.length];
    assert.ok(allowed.includes(Number(n)), `"${text.replace(/\s+/g, ' ')}": expected ${allowed.join(' or ')}`);
  }
});

test('every npx command in the README pins a version', () => {
  const runs = [...readme.matchAll(/npx (?:-y )?([@\w/.-]+)|"npx",(?: "args": \[)? "-y", "([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  assert.ok(runs.length >= 5, runs.join());
  for (const name of runs) assert.match(name, /^@?[\w/.-]+@\d+\.\d+\.\d+$/, `npx ${name}`);
  const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  for (const name of runs.filter((n) => n.startsWith('openai-assistants-mcp@'))) assert.equal(name, `openai-assistants-mcp@${version}`, 'this package at its current version');
});
