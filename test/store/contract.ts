/** The behaviour every Store must have; each implementation's test file runs it. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Store } from '../../src/store/types.js';

/** A fresh, empty store, plus a way to plant raw record text under a key (bypassing put). */
export interface StoreFixture {
  store: Store;
  putRaw(key: string, text: string): Promise<void>;
  close?(): Promise<void>;
}

// 400 characters, the longest key allowed; every character needs escaping in file names.
const LONGEST = `L:${'A:'.repeat(199)}`;

const HOSTILE = ['../x', 'a//b', 'a/../b', '', 'x'.repeat(401), 'a\\b', '/a', 'a/', '.', '..', 'a/./b', 'a b', 'é', 'a%2Fb', 'a\0b', '~'];

export function storeContract(name: string, open: () => Promise<StoreFixture>): void {
  describe(`${name} store contract`, () => {
    let fixture: StoreFixture;
    let store: Store;
    before(async () => {
      fixture = await open();
      store = fixture.store;
    });
    after(() => fixture.close?.());

    test('round-trips JSON values; a missing key reads as undefined', async () => {
      const values: unknown[] = [{ name: 'A', tools: [{ type: 'code_interpreter' }], meta: { n: 1.5, ok: true, none: null } }, 'text', 0, false, null, []];
      for (const [i, value] of values.entries()) await store.put(`rt/${i}`, value);
      for (const [i, value] of values.entries()) assert.deepEqual(await store.get(`rt/${i}`), value);
      assert.equal(await store.get('rt/missing'), undefined);
    });

    test('put replaces the whole record', async () => {
      await store.put('ow/k', { a: 1, b: 2 });
      await store.put('ow/k', { c: 3 });
      assert.deepEqual(await store.get('ow/k'), { c: 3 });
    });

    test('delete removes a record; deleting a missing key is not an error', async () => {
      await store.put('del/k', 1);
      await store.delete('del/k');
      assert.equal(await store.get('del/k'), undefined);
      await store.delete('del/k');
      await store.delete('del/never-written');
      assert.deepEqual(await store.list('del/'), []);
    });

    test('list returns keys with the prefix, sorted, and not their neighbours', async () => {
      for (const key of ['ls/a/bc', 'ls/a/b', 'ls/b/x', 'ls/a/b/c', 'ls/A/b', 'ls/a/a', 'ls/a/b:1']) await store.put(key, key);
      assert.deepEqual(await store.list('ls/a/b/'), ['ls/a/b/c']);
      assert.deepEqual(await store.list('ls/a/b'), ['ls/a/b', 'ls/a/b/c', 'ls/a/b:1', 'ls/a/bc']);
      assert.deepEqual(await store.list('ls/'), ['ls/A/b', 'ls/a/a', 'ls/a/b', 'ls/a/b/c', 'ls/a/b:1', 'ls/a/bc', 'ls/b/x']);
      assert.deepEqual(await store.list('ls/c'), []);
      const all = await store.list('');
      assert.deepEqual(all, [...all].sort());
      assert.ok(all.includes('ls/b/x') && all.includes('rt/0'));
    });

    test('scan pages through a prefix in key order, either way, past any key, and only reads its own', async () => {
      // Nested like the backend's index keys: folders on disk, ties broken after a '.'.
      const keys = Array.from({ length: 45 }, (_, i) => `sc/x/${String(Math.floor(i / 10)).padStart(2, '0')}/${i % 10}.id${i}`);
      keys.push('sc/x/01', 'sc/x/01:z', 'sc/x/01.a', 'sc/x/A/1');
      for (const key of [...keys].reverse()) await store.put(key, 1);
      await store.put('sc/xy', 1);
      await store.put('sc/w', 1);
      const sorted = [...keys].sort();
      const pages = async (reverse: boolean, limit: number) => {
        const seen: string[] = [];
        for (let after: string | undefined; ; ) {
          const page = await store.scan('sc/x/', { limit, after, reverse });
          assert.ok(page.length <= limit);
          seen.push(...page);
          if (page.length < limit) return seen;
          after = page.at(-1);
        }
      };
      for (const limit of [1, 7, 49, 100]) {
        assert.deepEqual(await pages(false, limit), sorted, `ascending by ${limit}`);
        assert.deepEqual(await pages(true, limit), [...sorted].reverse(), `descending by ${limit}`);
      }
      assert.deepEqual(await store.scan('sc/x/', { limit: 3 }), sorted.slice(0, 3));
      // A start key that is not stored, and one between folders.
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/02/4' }), ['sc/x/02/4.id24', 'sc/x/02/5.id25']);
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/02/4', reverse: true }), ['sc/x/02/3.id23', 'sc/x/02/2.id22']);
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/01/' }), ['sc/x/01/0.id10', 'sc/x/01/1.id11']);
      assert.deepEqual(await store.scan('sc/x/', { limit: 3, after: 'sc/x/01/', reverse: true }), ['sc/x/01.a', 'sc/x/01', 'sc/x/00/9.id9']);
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/zz' }), []);
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/zz', reverse: true }), ['sc/x/A/1', 'sc/x/04/4.id44'].sort().reverse());
      assert.deepEqual(await store.scan('sc/x/04/', { limit: 9 }), sorted.filter((k) => k.startsWith('sc/x/04/')));
      assert.deepEqual(await store.scan('sc/x', { limit: 100, after: sorted.at(-1) }), ['sc/xy']);
      assert.deepEqual(await store.scan('sc/none/', { limit: 5 }), []);
      // Deleted keys leave the pages.
      await store.delete('sc/x/02/4.id24');
      await store.delete('sc/x/A/1');
      assert.deepEqual(await store.scan('sc/x/', { limit: 2, after: 'sc/x/02/3.id23' }), ['sc/x/02/5.id25', 'sc/x/02/6.id26']);
      assert.deepEqual(await store.scan('sc/x/', { limit: 1, reverse: true }), ['sc/x/04/4.id44']);
      for (const bad of [0, -1, 1.5, undefined]) await assert.rejects(store.scan('sc/', { limit: bad as number }), { message: /invalid store scan limit/ });
      await assert.rejects(store.scan('a\\', { limit: 1 }), { message: /invalid store prefix/ });
    });

    test('keys with :, ., case differences, device names and the maximum length', async () => {
      const keys = ['sp/thread_1:run.2/x..y', 'sp/...', 'sp/-', 'sp/.hidden', 'sp/a.json', 'sp/x.tmp', 'sp/Case', 'sp/case', 'sp/con', 'sp/NUL.txt', 'sp/a.json.1.f00.tmp', LONGEST];
      for (const key of keys) await store.put(key, { key });
      for (const key of keys) assert.deepEqual(await store.get(key), { key }, key);
      assert.deepEqual(await store.list('sp/'), keys.filter((k) => k.startsWith('sp/')).sort());
      assert.deepEqual(await store.list('L:'), [LONGEST]);
      assert.deepEqual(await store.list(LONGEST.slice(0, 250)), [LONGEST]);
      await store.delete(LONGEST);
      assert.deepEqual(await store.list('L:'), []);
    });

    test('hostile or malformed keys are rejected before storage is touched', async () => {
      const before = await store.list('');
      for (const key of HOSTILE) {
        const invalid = { message: /invalid store key/ };
        await assert.rejects(store.put(key, 1), invalid, JSON.stringify(key));
        await assert.rejects(store.get(key), invalid, JSON.stringify(key));
        await assert.rejects(store.delete(key), invalid, JSON.stringify(key));
      }
      await assert.rejects(store.get(42 as unknown as string), { message: /invalid store key \(number\)/ });
      await assert.rejects(store.list('a\\'), { message: /invalid store prefix/ });
      await assert.rejects(store.list('../'.repeat(200)), { message: /invalid store prefix/ });
      assert.deepEqual(await store.list(''), before);
    });

    test('values are isolated from caller mutation', async () => {
      const value = { list: [1, 2], inner: { x: 'a' } };
      await store.put('iso/k', value);
      value.list.push(3);
      value.inner.x = 'changed';
      const read = await store.get<typeof value>('iso/k');
      assert.deepEqual(read, { list: [1, 2], inner: { x: 'a' } });
      read!.list.push(9);
      assert.deepEqual(await store.get('iso/k'), { list: [1, 2], inner: { x: 'a' } });
    });

    test('non-JSON values are refused', async () => {
      await assert.rejects(store.put('bad/undef', undefined), TypeError);
      await assert.rejects(store.put('bad/fn', () => 1), TypeError);
      await assert.rejects(store.put('bad/big', 1n), TypeError);
      assert.deepEqual(await store.list('bad/'), []);
    });

    test('a record from a newer release, or corrupt data, fails clearly and names the key', async () => {
      await fixture.putRaw('ver/newer', '{"v":2,"value":{"a":1}}');
      await assert.rejects(store.get('ver/newer'), {
        message: /"ver\/newer" was written by a newer openai-assistants-mcp \(record version 2\); upgrade openai-assistants-mcp/,
      });
      await fixture.putRaw('ver/garbage', '{"v":1,"val');
      await assert.rejects(store.get('ver/garbage'), { message: /"ver\/garbage" is corrupt: not JSON/ });
      for (const text of ['{"value":1}', '{"v":1}', '{"v":0,"value":1}', '{"v":"1","value":1}', '[1]', 'null']) {
        await fixture.putRaw('ver/shape', text);
        await assert.rejects(store.get('ver/shape'), { message: /"ver\/shape" is corrupt/ }, text);
      }
      await fixture.putRaw('ver/ok', '{"v":1,"value":{"a":1}}');
      assert.deepEqual(await store.get('ver/ok'), { a: 1 });
      assert.deepEqual(await store.list('ver/'), ['ver/garbage', 'ver/newer', 'ver/ok', 'ver/shape']);
    });
  });
}
