import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { OpenAIError, NOT_A_STREAM } from '../../src/openai/errors.js';
import { createUpstream, learnFromCreateRefusal, learnFromStreamRefusal, learnNoConversations, upstreamFor } from '../../src/upstream/learn.js';
import { guessProfile, PROFILE_NAMES, PROFILES } from '../../src/upstream/profile.js';

test('the profile is guessed from the host: OpenAI and Azure hosts; local ports say nothing', () => {
  for (const url of ['https://api.openai.com/v1', 'https://eu.api.openai.com/v1', 'https://us.api.openai.com/v1']) assert.equal(guessProfile(url), 'openai', url);
  for (const url of ['https://me.openai.azure.com/openai/v1', 'https://me.services.ai.azure.com/openai/v1']) assert.equal(guessProfile(url), 'azure', url);
  for (const url of ['http://localhost:8321/v1', 'http://localhost:11434/v1', 'https://openai.com.evil.example/v1', 'https://notopenai.com/v1']) assert.equal(guessProfile(url), 'generic', url);
});

test('OPENAI_BACKEND defaults to responses on any *.openai.com host; the profile option is checked', () => {
  assert.equal(loadConfig({ OPENAI_BASE_URL: 'https://eu.api.openai.com/v1' }).backend, 'responses');
  assert.equal(loadConfig({ OPENAI_BASE_URL: 'https://gateway.example/v1' }).backend, 'assistants');
  assert.equal(loadConfig({}, ['--upstream-profile', 'llama-stack']).upstreamProfile, 'llama-stack');
  assert.equal(loadConfig({ OPENAI_UPSTREAM_PROFILE: 'ollama' }).upstreamProfile, 'ollama');
  assert.throws(() => loadConfig({ OPENAI_UPSTREAM_PROFILE: 'llama' }), /OPENAI_UPSTREAM_PROFILE must be one of openai, azure, llama-stack/);
  assert.deepEqual(Object.keys(PROFILES), [...PROFILE_NAMES]);
});

const refusal = (message: string, details: Partial<OpenAIError['details']>) => new OpenAIError(message, 'http', { status: 400, method: 'POST', path: '/responses', ...details });

test('refusals correct the profile once, and only refusals that name what was sent', () => {
  const upstream = createUpstream('generic');
  assert.equal(learnFromCreateRefusal(upstream, refusal('model: Field required', { param: 'model' })), undefined);
  assert.equal(learnFromCreateRefusal(upstream, refusal('input: Field required', { param: 'input' })), 'inputRequired');
  assert.equal(learnFromCreateRefusal(upstream, refusal('input: Field required', { param: 'input' })), undefined, 'learned once');
  assert.equal(learnFromCreateRefusal(upstream, refusal("Unsupported parameter: 'background'", {})), 'background');
  assert.equal(learnFromCreateRefusal(upstream, new OpenAIError('down', 'network', {})), undefined);
  assert.equal(learnFromStreamRefusal(upstream, new OpenAIError('Expected an event stream', 'http', { code: NOT_A_STREAM })), true);
  assert.equal(learnFromStreamRefusal(upstream, new OpenAIError('Expected an event stream', 'http', { code: NOT_A_STREAM })), false);
  assert.equal(learnNoConversations(upstream, new OpenAIError('Not Found', 'http', { status: 404, path: '/conversations/conv_1' })), false, 'one missing conversation is not a missing API');
  assert.equal(learnNoConversations(upstream, new OpenAIError('Not Found', 'http', { status: 404, path: '/conversations' })), true);
  assert.deepEqual([upstream.caps.inputRequired, upstream.caps.background, upstream.caps.streamReplay, upstream.caps.conversations], [true, false, false, false]);
  assert.equal(upstream.learned.length, 4);
  assert.equal(PROFILES.generic.inputRequired, false, 'the named profile itself is never changed');
});

test('learned corrections are kept per upstream and API key: the next request with the key finds them, another key does not', () => {
  const url = 'http://learn-per-key.test/v1';
  const first = upstreamFor('generic', url, 'sk-tenant-a');
  first.correct('background', false, 'refused for this organization');
  assert.equal(upstreamFor('generic', url, 'sk-tenant-a').caps.background, false, 'the same key, a later request');
  assert.equal(upstreamFor('generic', url, 'sk-tenant-b').caps.background, true, 'another key learns for itself');
  assert.equal(upstreamFor('generic', 'http://other.test/v1', 'sk-tenant-a').caps.background, true, 'another upstream too');
});
