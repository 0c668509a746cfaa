/**
 * Cost growth: assistant-list, run-list and message-list p50 with 10 / 1,000 / 10,000 stored
 * records, on the file store (CLI over stdio) and on Miniflare KV (the Worker), against the fake
 * Responses API. One real assistant, thread and run are made through the tools; the bench then
 * clones their stored records (the server's own Store code writes them) and adds conversation
 * items upstream, so each list pages over `size` of its kind.
 */
import { figure, section, target as targetOf } from '../report.mjs';
import { startFake } from '../processes.mjs';
import { KEY, ROOT, SETTINGS } from '../settings.mjs';
import { median } from '../stats.mjs';
import { fileTarget, kvTarget } from '../growth-targets.mjs';

const { keys } = await import(`${ROOT}.build/src/backends/responses/records.js`);
const { entryKey } = await import(`${ROOT}.build/src/backends/responses/newest-first.js`);

/** A page shows 20; records beyond the newest PAGE of each kind are read only by a list of keys. */
const PAGE = 25;
const order = (i) => String(1e12 + i).padStart(15, '0'); // older than any real order key (Date.now())
const pad = (i) => String(i).padStart(6, '0');

async function timeList(target, name, args) {
  for (let i = 0; i < 2; i++) await target.call(name, args);
  const times = [];
  for (let i = 0; i < SETTINGS.growthCalls; i++) {
    const t0 = performance.now();
    await target.call(name, args);
    times.push(performance.now() - t0);
  }
  return median(times);
}

async function addItems(upstream, thread, count) {
  const ids = [];
  for (let i = 0; i < count; i += 20) {
    const items = Array.from({ length: Math.min(20, count - i) }, () => ({ type: 'message', role: 'user', content: 'seeded' }));
    const reply = await fetch(`${upstream}/conversations/${thread}/items`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
    if (!reply.ok) throw new Error(`seeding conversation items: ${reply.status} ${await reply.text()}`);
    ids.push(...(await reply.json()).data.map((item) => item.id));
  }
  return ids;
}

async function growOne(target, upstream) {
  const assistant = (await target.call('assistant-create', { model: 'gpt-4o', name: 'growth' })).structuredContent;
  // The namespace differs by transport (fixed on stdio, per key on HTTP): read it off the record's key.
  const assistantKey = (await target.store.list('')).find((key) => key.endsWith(`/assistants/id/${assistant.id}`));
  if (!assistantKey) throw new Error(`growth: no stored record for ${assistant.id}`);
  const ns = assistantKey.slice(0, assistantKey.indexOf('/assistants/id/'));
  const asked = (await target.call('thread-create-and-run', { assistant_id: assistant.id, message: 'Hi' })).structuredContent;
  const thread = asked.thread_id;
  const assistantRecord = await target.store.get(keys.assistant(ns, assistant.id));
  const runRecord = await target.store.get(keys.run(ns, thread, asked.run_id));
  if (!assistantRecord || !runRecord) throw new Error('growth: the assistant or run record is not where records.ts says');
  const p50 = { 'assistant-list': [], 'run-list': [], 'message-list': [] };
  let have = 1; // the real assistant / run; the conversation has its two messages
  for (const size of SETTINGS.growthSizes) {
    const entries = [];
    const from = have;
    for (let i = from; i < size; i++) {
      const full = target.full || i >= size - PAGE;
      const a = { ...assistantRecord, id: `asst_bench${pad(i)}`, order: order(i) };
      const r = { ...runRecord, id: `run_bench${pad(i)}`, order: order(i) };
      entries.push([entryKey(keys.assistantIndex(ns), a.order, a.id), 1], [entryKey(keys.runIndex(ns, thread), r.order, r.id), 1]);
      if (full) entries.push([keys.assistant(ns, a.id), a], [keys.run(ns, thread, r.id), r]);
    }
    const items = await addItems(upstream, thread, Math.max(0, size - from));
    items.forEach((id, i) => {
      if (target.full || i >= items.length - PAGE) entries.push([keys.message(ns, thread, id), { created_at: 1 }]);
    });
    const t0 = performance.now();
    await target.putMany(entries);
    have = size;
    const seeded = ((performance.now() - t0) / 1000).toFixed(1);
    for (const [name, args] of [['assistant-list', {}], ['run-list', { thread_id: thread }], ['message-list', { thread_id: thread }]]) {
      const ms = await timeList(target, name, args);
      p50[name].push(ms);
      figure(`growth-${target.name}`, `${target.name} ${name} p50 with ${size} records`, ms, 'ms', { note: size === SETTINGS.growthSizes[0] ? undefined : `${(ms / p50[name][0]).toFixed(2)}x the ${SETTINGS.growthSizes[0]} case; seeded in ${seeded} s` });
    }
  }
  const [small] = SETTINGS.growthSizes;
  const large = SETTINGS.growthSizes.at(-1);
  for (const [name, values] of Object.entries(p50)) targetOf(`${target.name} ${name}: ${large} records ≤ 2× ${small}`, values.at(-1) / values[0], '<=', 2);
}

export async function growthSection() {
  const upstream = await startFake('responses');
  try {
    for (const make of [fileTarget, kvTarget]) {
      const target = await make(upstream.url);
      section(`cost growth on the ${target.name}: list p50 (${SETTINGS.growthCalls} calls) with ${SETTINGS.growthSizes.join(' / ')} records of each kind${target.full ? '' : ' (index entries for all; full records for the newest page)'}`);
      try {
        await growOne(target, upstream.url);
      } finally {
        await target.stop();
      }
    }
  } finally {
    await upstream.stop();
  }
}
