/**
 * A minimal Assistants upstream in the bench's own process, for the run-and-wait figures: it shares
 * the bench's clock (so "final event → tool result" is one subtraction) and can hold streamed runs
 * open (so many waits can be parked at once). Thread create, a streamed run, and the message list.
 */
import { createServer } from 'node:http';

export async function startRunUpstream() {
  const held = [];
  let hold = false;
  let finalEventAt = 0;
  const run = (status) => ({ id: 'run_1', object: 'thread.run', thread_id: 'thread_1', assistant_id: 'asst_1', status, required_action: null, usage: status === 'completed' ? { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } : null });
  const server = createServer((req, res) => {
    req.resume().on('end', () => {
      const json = (value) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end(JSON.stringify(value)));
      if (req.method === 'POST' && req.url.endsWith('/threads')) return json({ id: 'thread_1', object: 'thread' });
      if (req.method === 'GET' && req.url.includes('/messages')) {
        return json({ object: 'list', data: [{ id: 'msg_1', object: 'thread.message', role: 'assistant', run_id: 'run_1', content: [{ type: 'text', text: { value: 'Hello!', annotations: [] } }] }], has_more: false });
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const event = (name, data) => res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
      event('thread.run.created', run('queued'));
      event('thread.run.in_progress', run('in_progress'));
      const finish = () => {
        event('thread.message.delta', { id: 'msg_1', object: 'thread.message.delta', delta: { content: [{ index: 0, type: 'text', text: { value: 'Hello!' } }] } });
        finalEventAt = performance.now();
        event('thread.run.completed', run('completed'));
        res.end('event: done\ndata: [DONE]\n\n');
      };
      if (hold) held.push(finish);
      else finish();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    /** When the last run's final event was written (performance.now() of this process). */
    finalEventAt: () => finalEventAt,
    /** From now on, streamed runs stop after in_progress until release(). */
    hold: () => (hold = true),
    heldCount: () => held.length,
    /** Finishes every held run and stops holding. */
    release: () => {
      hold = false;
      for (const finish of held.splice(0)) finish();
    },
    close: () => new Promise((resolve) => (server.closeAllConnections?.(), server.close(resolve))),
  };
}

/** The tools/call arguments every run-and-wait figure uses. */
export const ASK = { name: 'thread-create-and-run', arguments: { assistant_id: 'asst_1', message: 'Hi' } };
export const answered = (result) => result?.structuredContent?.answer === 'Hello!';
