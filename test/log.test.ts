/** The operator log's lines: an ISO time, the level, the message with the key redacted. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLogger, isoTime } from '../src/log.js';

test('isoTime writes what toISOString writes (built from the UTC fields, without loading the time zone database)', () => {
  const instants = [0, 1, 999, 1000, 86_399_999, 951_782_400_000 /* 2000-02-29 */, 1_709_164_799_999, 1_764_288_000_123, 253_402_300_799_999 /* 9999-12-31 */];
  for (let i = 0; i < 500; i++) instants.push(Math.floor(Math.random() * 253_402_300_799_999));
  for (const ms of instants) assert.equal(isoTime(ms), new Date(ms).toISOString(), `at ${ms}`);
});

test('a log line: time, level, message with the key redacted; below the threshold nothing', () => {
  const lines: string[] = [];
  const log = createLogger('info', (line) => lines.push(line), () => 1_764_288_000_123, 'sk-canary-secret-0000');
  log('debug', 'dropped');
  log('warning', 'upstream said sk-canary-secret-0000 is wrong');
  assert.deepEqual(lines, ['2025-11-28T00:00:00.123Z warning upstream said [redacted] is wrong']);
});
