// A local, in-memory fake of the OpenAI Assistants v2 HTTP API for tests and benchmarks.
// Object shapes follow /work/shared/specs/openai/assistants-v2.openapi.json. Runs advance
// deterministically: each GET of a run moves it one step, so tests never wait on timers. With
// `stream: true`, creating a run or submitting tool outputs answers an event stream instead
// (assistants-stream.ts) that moves the run the same way until it completes or needs action.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { seenNow, streamRun, unseen, type Seen, type StreamedRun } from './assistants-stream.js';
import { mountFiles, type FakeFiles } from './files-server.js';
import { assertNoViolations, createSpecCheck, type Violation } from './openapi-validate.js';
import { createRules, decodeSegment, listen, errorBody, receive, type FailureRule, type Query, type RecordedRequest } from './http-kit.js';

export type { FailureRule, RecordedRequest } from './http-kit.js';
export interface FakeOptions {
  apiKey?: string;
  auth?: 'bearer' | 'api-key';
  requiredQuery?: Record<string, string>;
  requireBetaHeader?: boolean;
  /** Delay between the events of a streamed answer (default 0). */
  streamDelayMs?: number;
  /**
   * Requests are checked against the official OpenAPI schema (test/fixtures/openai): by default a
   * violation is refused like the real server would and fails the test when the fake closes;
   * 'record' only records it (tests of the fake's own refusals, which send bad requests on purpose).
   */
  specViolations?: 'refuse' | 'record';
}
export interface FakeAssistants {
  url: string;
  requests: RecordedRequest[];
  fail(rule: FailureRule): void;
  /** The Files / Vector Stores part (files-server.ts). */
  files: FakeFiles;
  /** Requests that broke the official schema. */
  violations: Violation[];
  /** Stops the server; throws if a request broke the schema (unless specViolations is 'record'). */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type RunStatus = 'queued' | 'in_progress' | 'requires_action' | 'cancelling' | 'cancelled' | 'failed' | 'completed' | 'incomplete' | 'expired';
interface Usage { prompt_tokens: number; completion_tokens: number; total_tokens: number }
interface ToolCall { id: string; type: 'function'; function: { name: string; arguments: string } }
interface ToolOutput { tool_call_id: string; output: string }
interface MessageObj {
  id: string; object: 'thread.message'; created_at: number; thread_id: string; status: 'completed';
  incomplete_details: null; completed_at: number; incomplete_at: null; role: 'user' | 'assistant';
  content: Json[]; assistant_id: string | null; run_id: string | null; attachments: unknown; metadata: unknown;
}
interface RunObj {
  id: string; object: 'thread.run'; created_at: number; thread_id: string; assistant_id: string; status: RunStatus;
  required_action: { type: 'submit_tool_outputs'; submit_tool_outputs: { tool_calls: ToolCall[] } } | null;
  last_error: null; expires_at: number | null; started_at: number | null; cancelled_at: number | null;
  failed_at: number | null; completed_at: number | null; incomplete_details: null; model: unknown;
  instructions: string; tools: unknown[]; metadata: unknown; usage: Usage | null; temperature: unknown;
  top_p: unknown; max_prompt_tokens: unknown; max_completion_tokens: unknown; truncation_strategy: unknown;
  tool_choice: unknown; parallel_tool_calls: unknown; response_format: unknown; reasoning_effort?: unknown;
}
interface StepObj {
  id: string; object: 'thread.run.step'; created_at: number; assistant_id: string; thread_id: string; run_id: string;
  type: 'message_creation' | 'tool_calls'; status: 'in_progress' | 'cancelled' | 'completed'; step_details: Json;
  last_error: null; expired_at: null; cancelled_at: number | null; failed_at: null; completed_at: number | null;
  metadata: Json; usage: Usage | null;
}
interface RunState { run: RunObj; steps: Map<string, StepObj>; outputs: ToolOutput[] | null; toolStep: StepObj | null }
interface ThreadState { thread: Json; messages: Map<string, MessageObj>; runs: Map<string, RunState> }
interface NewMessage { role: 'user' | 'assistant'; content: Json[]; attachments: unknown; metadata: unknown }

class ApiError extends Error {
  constructor(
    readonly status: number, message: string, readonly param: string | null = null,
    readonly code: string | null = null, readonly type = 'invalid_request_error',
  ) { super(message); }
}

const ACTIVE: ReadonlySet<RunStatus> = new Set<RunStatus>(['queued', 'in_progress', 'requires_action', 'cancelling']);
const USAGE = (): Usage => ({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
const ASSISTANT_DEFAULTS = (): Json => ({
  name: null, description: null, model: '', instructions: null, tools: [], tool_resources: {}, metadata: {},
  temperature: 1, top_p: 1, response_format: 'auto',
});
const ASSISTANT_FIELDS = ['model', 'name', 'description', 'instructions', 'reasoning_effort', 'tools',
  'tool_resources', 'metadata', 'temperature', 'top_p', 'response_format'];

const now = (): number => Math.floor(Date.now() / 1000);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
const seqOf = (id: string): number => Number(/_(\d+)$/.exec(id)?.[1] ?? NaN);
const q1 = (q: Query, key: string): string | undefined => { const v = q[key]; return Array.isArray(v) ? v[0] : v; };

function bad(message: string, param: string | null = null, code: string | null = null): never {
  throw new ApiError(400, message, param, code);
}
function notFound(kind: string, id: string): never {
  throw new ApiError(404, `No ${kind} found with id '${id}'.`);
}
function missing(param: string): never {
  bad(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}
function wrongType(param: string, expected: string, v: unknown): never {
  bad(`Invalid type for '${param}': expected ${expected}, but got ${describe(v)} instead.`, param, 'invalid_type');
}

// ---- request-body validation --------------------------------------------------------------------

function checkString(v: unknown, param: string, maxLength = Infinity): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') wrongType(param, 'a string', v);
  if (v.length > maxLength) bad(`Invalid '${param}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${v.length} instead.`, param, 'string_above_max_length');
}
function checkNumber(v: unknown, param: string, min: number, max: number, integer = false): void {
  if (v === undefined || v === null) return;
  const kind = integer ? 'integer' : 'decimal';
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) wrongType(param, `a ${kind}`, v);
  if (v < min) bad(`Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${v} instead.`, param, `${kind}_below_min_value`);
  if (v > max) bad(`Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${v} instead.`, param, `${kind}_above_max_value`);
}
function checkObject(v: unknown, param: string): void {
  if (v !== undefined && v !== null && !isObj(v)) wrongType(param, 'an object', v);
}
function checkMetadata(v: unknown, param = 'metadata'): void {
  checkObject(v, param);
  if (!isObj(v)) return;
  const entries = Object.entries(v);
  if (entries.length > 16) bad(`Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`, param, 'object_above_max_properties');
  for (const [k, val] of entries) {
    if (k.length > 64) bad(`Invalid '${param}': metadata key '${k}' is longer than 64 characters.`, param, 'invalid_value');
    checkString(val, `${param}.${k}`, 512);
  }
}
function checkTools(v: unknown, param = 'tools', maxItems = 128): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) wrongType(param, 'an array', v);
  if (v.length > maxItems) bad(`Invalid '${param}': array too long. Expected an array with maximum length ${maxItems}, but got an array with length ${v.length} instead.`, param, 'array_above_max_length');
  v.forEach((tool: unknown, i) => {
    const p = `${param}[${i}]`;
    if (!isObj(tool)) wrongType(p, 'an object', tool);
    const type = tool.type;
    if (type === undefined) missing(`${p}.type`);
    if (type !== 'code_interpreter' && type !== 'file_search' && type !== 'function') {
      bad(`Invalid value: '${String(type)}'. Supported values are: 'code_interpreter', 'file_search', and 'function'.`, `${p}.type`, 'invalid_value');
    }
    const fn = tool.function;
    if (type === 'function' && (!isObj(fn) || typeof fn.name !== 'string' || fn.name === '')) missing(`${p}.function.name`);
  });
}
function checkSampling(body: Json): void {
  checkNumber(body.temperature, 'temperature', 0, 2);
  checkNumber(body.top_p, 'top_p', 0, 1);
}

function parseMessage(m: unknown, prefix = ''): NewMessage {
  if (!isObj(m)) wrongType(prefix.replace(/\.$/, '') || 'body', 'an object', m);
  const { role, content } = m;
  if (role === undefined || role === null) missing(`${prefix}role`);
  if (role !== 'user' && role !== 'assistant') bad(`Invalid value: '${String(role)}'. Supported values are: 'user' and 'assistant'.`, `${prefix}role`, 'invalid_value');
  if (content === undefined || content === null) missing(`${prefix}content`);
  let parts: Json[];
  if (typeof content === 'string') {
    parts = [{ type: 'text', text: { value: content, annotations: [] } }];
  } else if (Array.isArray(content)) {
    if (content.length === 0) bad(`Invalid '${prefix}content': empty array. Expected an array with minimum length 1, but got an empty array instead.`, `${prefix}content`, 'empty_array');
    parts = content.map((part: unknown, i): Json => {
      const p = `${prefix}content[${i}]`;
      if (isObj(part) && part.type === 'text' && typeof part.text === 'string') return { type: 'text', text: { value: part.text, annotations: [] } };
      if (isObj(part) && part.type === 'image_url' && isObj(part.image_url) && typeof part.image_url.url === 'string') return { type: 'image_url', image_url: part.image_url };
      if (isObj(part) && part.type === 'image_file' && isObj(part.image_file) && typeof part.image_file.file_id === 'string') return { type: 'image_file', image_file: part.image_file };
      return bad(`Invalid content part at '${p}': expected {type:'text',text} or {type:'image_url',image_url:{url}} or {type:'image_file',image_file:{file_id}}.`, p, 'invalid_value');
    });
  } else {
    wrongType(`${prefix}content`, 'a string or an array', content);
  }
  if (m.attachments !== undefined && m.attachments !== null && !Array.isArray(m.attachments)) wrongType(`${prefix}attachments`, 'an array', m.attachments);
  checkMetadata(m.metadata, `${prefix}metadata`);
  return { role, content: parts, attachments: m.attachments ?? [], metadata: m.metadata ?? {} };
}
function parseMessages(v: unknown, param: string): NewMessage[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) wrongType(param, 'an array', v);
  return v.map((m: unknown, i) => parseMessage(m, `${param}[${i}].`));
}
function checkRunBody(body: Json): void {
  if (body.assistant_id === undefined || body.assistant_id === null) missing('assistant_id');
  checkString(body.assistant_id, 'assistant_id');
  checkString(body.model, 'model');
  checkString(body.instructions, 'instructions', 256000);
  checkString(body.additional_instructions, 'additional_instructions');
  checkTools(body.tools, 'tools', 20);
  checkMetadata(body.metadata);
  checkSampling(body);
  checkNumber(body.max_prompt_tokens, 'max_prompt_tokens', 256, Number.MAX_SAFE_INTEGER, true);
  checkNumber(body.max_completion_tokens, 'max_completion_tokens', 256, Number.MAX_SAFE_INTEGER, true);
  checkObject(body.truncation_strategy, 'truncation_strategy');
  if (body.parallel_tool_calls !== undefined && body.parallel_tool_calls !== null && typeof body.parallel_tool_calls !== 'boolean') wrongType('parallel_tool_calls', 'a boolean', body.parallel_tool_calls);
}

// ---- pagination ---------------------------------------------------------------------------------

function cursor(q: Query, name: string): number | undefined {
  const v = q1(q, name);
  if (v === undefined || v === '') return undefined;
  const n = seqOf(v);
  if (Number.isNaN(n)) bad(`Invalid '${name}': '${v}' is not a valid object id.`, name, 'invalid_value');
  return n;
}
function paginate<T extends { id: string }>(all: Iterable<T>, q: Query): Json {
  let limit = 20;
  const rawLimit = q1(q, 'limit');
  if (rawLimit !== undefined) {
    const n = Number(rawLimit);
    if (rawLimit.trim() === '' || !Number.isInteger(n)) bad(`Invalid 'limit': expected an integer, but got '${rawLimit}' instead.`, 'limit', 'invalid_type');
    if (n < 1) bad(`Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${n} instead.`, 'limit', 'integer_below_min_value');
    if (n > 100) bad(`Invalid 'limit': integer above maximum value. Expected a value <= 100, but got ${n} instead.`, 'limit', 'integer_above_max_value');
    limit = n;
  }
  const order = q1(q, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') bad(`Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`, 'order', 'invalid_value');
  const after = cursor(q, 'after');
  const before = cursor(q, 'before');
  const sign = order === 'asc' ? 1 : -1;
  // Collections are insertion-ordered Maps, and ids carry the global creation counter, so both the
  // iteration order and the id number follow creation order (cursors may name deleted objects).
  let items = [...all];
  if (order === 'desc') items.reverse();
  if (after !== undefined) items = items.filter((x) => sign * (seqOf(x.id) - after) > 0);
  if (before !== undefined) items = items.filter((x) => sign * (seqOf(x.id) - before) < 0);
  // `before` alone asks for the page just before the cursor, i.e. the items closest to it.
  const data = before !== undefined && after === undefined ? items.slice(Math.max(0, items.length - limit)) : items.slice(0, limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > data.length };
}

// ---- the server ---------------------------------------------------------------------------------

export async function startFakeAssistants(options: FakeOptions = {}): Promise<FakeAssistants> {
  const apiKey = options.apiKey ?? 'sk-test';
  const auth = options.auth ?? 'bearer';
  const requireBeta = options.requireBetaHeader ?? true;
  const requests: RecordedRequest[] = [];
  const rules = createRules();
  const spec = createSpecCheck(options.specViolations !== 'record');
  const files = mountFiles({ requests, rules, spec, checkAccess: (headers, query) => checkAccess(headers, query) });
  const assistants = new Map<string, Json & { id: string }>();
  const threads = new Map<string, ThreadState>();
  let seq = 0;
  let requestSeq = 0;
  const nextId = (prefix: string): string => `${prefix}_${++seq}`;

  const getAssistant = (id: string) => assistants.get(id) ?? notFound('assistant', id);
  const getThread = (id: string) => threads.get(id) ?? notFound('thread', id);
  const getRun = (tid: string, rid: string) => getThread(tid).runs.get(rid) ?? notFound('run', rid);
  const getMessage = (tid: string, mid: string) => getThread(tid).messages.get(mid) ?? notFound('message', mid);

  function addMessage(ts: ThreadState, m: NewMessage, assistantId: string | null = null, runId: string | null = null): MessageObj {
    const t = now();
    const msg: MessageObj = {
      id: nextId('msg'), object: 'thread.message', created_at: t, thread_id: String(ts.thread.id), status: 'completed',
      incomplete_details: null, completed_at: t, incomplete_at: null, role: m.role, content: m.content,
      assistant_id: assistantId, run_id: runId, attachments: m.attachments, metadata: m.metadata,
    };
    ts.messages.set(msg.id, msg);
    attachForSearch(ts, m.attachments);
    return msg;
  }
  /** file_search attachments go into the thread's vector store (made on first use), as Assistants did. */
  function attachForSearch(ts: ThreadState, attachments: unknown): void {
    const search = (Array.isArray(attachments) ? attachments : [])
      .filter((a): a is Json => isObj(a) && Array.isArray(a.tools) && a.tools.some((t: unknown) => isObj(t) && t.type === 'file_search'))
      .map((a) => String(a.file_id));
    if (!search.length) return;
    const resources = isObj(ts.thread.tool_resources) ? ts.thread.tool_resources : {};
    const existing = isObj(resources.file_search) && Array.isArray(resources.file_search.vector_store_ids) ? files.state.stores.get(String(resources.file_search.vector_store_ids[0])) : undefined;
    const vs = existing ?? files.state.newStore({ name: 'thread attachments', file_ids: search });
    if (existing) for (const id of search) files.state.attach(existing, id, {});
    ts.thread.tool_resources = { ...resources, file_search: { vector_store_ids: [vs.obj.id] } };
  }
  function addThread(body: Json, messages: NewMessage[]): ThreadState {
    const thread = { id: nextId('thread'), object: 'thread', created_at: now(), tool_resources: body.tool_resources ?? {}, metadata: body.metadata ?? {} };
    const ts: ThreadState = { thread, messages: new Map(), runs: new Map() };
    threads.set(thread.id, ts);
    for (const m of messages) addMessage(ts, m);
    return ts;
  }
  function addStep(rs: RunState, type: StepObj['type'], status: StepObj['status'], details: Json): StepObj {
    const t = now();
    const r = rs.run;
    const step: StepObj = {
      id: nextId('step'), object: 'thread.run.step', created_at: t, assistant_id: r.assistant_id, thread_id: r.thread_id,
      run_id: r.id, type, status, step_details: details, last_error: null, expired_at: null, cancelled_at: null,
      failed_at: null, completed_at: status === 'completed' ? t : null, metadata: {}, usage: status === 'completed' ? USAGE() : null,
    };
    rs.steps.set(step.id, step);
    return step;
  }
  function lastUserText(ts: ThreadState): string {
    const user = [...ts.messages.values()].reverse().find((m) => m.role === 'user');
    const texts = (user?.content ?? []).map((p) => (isObj(p.text) ? p.text.value : undefined));
    return texts.filter((v): v is string => typeof v === 'string').join('\n');
  }
  function firstFunctionName(tools: unknown[]): string | undefined {
    for (const tool of tools) {
      const fn = isObj(tool) && tool.type === 'function' ? tool.function : undefined;
      if (isObj(fn) && typeof fn.name === 'string') return fn.name;
    }
    return undefined;
  }

  function createRun(ts: ThreadState, body: Json, extraMessages: NewMessage[]): RunObj {
    const asst = getAssistant(String(body.assistant_id));
    const active = [...ts.runs.values()].find((rs) => ACTIVE.has(rs.run.status));
    if (active) bad(`Thread ${String(ts.thread.id)} already has an active run ${active.run.id}.`);
    for (const m of extraMessages) addMessage(ts, m);
    const t = now();
    const base = typeof body.instructions === 'string' ? body.instructions : typeof asst.instructions === 'string' ? asst.instructions : '';
    const extra = typeof body.additional_instructions === 'string' ? body.additional_instructions : '';
    const truncation = isObj(body.truncation_strategy) ? { type: 'auto', last_messages: null, ...body.truncation_strategy } : { type: 'auto', last_messages: null };
    const run: RunObj = {
      id: nextId('run'), object: 'thread.run', created_at: t, thread_id: String(ts.thread.id), assistant_id: asst.id,
      status: 'queued', required_action: null, last_error: null, expires_at: t + 600, started_at: null,
      cancelled_at: null, failed_at: null, completed_at: null, incomplete_details: null,
      model: body.model ?? asst.model, instructions: base && extra ? `${base}\n\n${extra}` : base || extra,
      tools: Array.isArray(body.tools) ? body.tools : Array.isArray(asst.tools) ? asst.tools : [],
      metadata: body.metadata ?? {}, usage: null, temperature: body.temperature ?? asst.temperature ?? 1,
      top_p: body.top_p ?? asst.top_p ?? 1, max_prompt_tokens: body.max_prompt_tokens ?? null,
      max_completion_tokens: body.max_completion_tokens ?? null, truncation_strategy: truncation,
      tool_choice: body.tool_choice ?? 'auto', parallel_tool_calls: body.parallel_tool_calls ?? true,
      response_format: body.response_format ?? asst.response_format ?? 'auto',
    };
    const effort = body.reasoning_effort ?? asst.reasoning_effort;
    if (effort !== undefined) run.reasoning_effort = effort;
    ts.runs.set(run.id, { run, steps: new Map(), outputs: null, toolStep: null });
    return run;
  }

  // One deterministic lifecycle step, applied by GET /threads/{tid}/runs/{rid} before answering.
  function advance(ts: ThreadState, rs: RunState): void {
    const r = rs.run;
    const t = now();
    if (r.status === 'queued') {
      r.status = 'in_progress';
      r.started_at ??= t;
    } else if (r.status === 'cancelling') {
      Object.assign(r, { status: 'cancelled', cancelled_at: t, expires_at: null, required_action: null });
      for (const s of rs.steps.values()) if (s.status === 'in_progress') Object.assign(s, { status: 'cancelled', cancelled_at: t });
    } else if (r.status === 'in_progress') {
      const fn = rs.outputs === null && r.tool_choice !== 'none' ? firstFunctionName(r.tools) : undefined;
      if (fn !== undefined) {
        const call: ToolCall = { id: nextId('call'), type: 'function', function: { name: fn, arguments: JSON.stringify({ input: lastUserText(ts) }) } };
        r.status = 'requires_action';
        r.required_action = { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: [call] } };
        rs.toolStep = addStep(rs, 'tool_calls', 'in_progress', {
          type: 'tool_calls', tool_calls: [{ id: call.id, type: 'function', function: { ...call.function, output: null } }],
        });
      } else {
        const cited = rs.outputs ? undefined : fileSearchAnswer(ts, r);
        const text = rs.outputs ? `Tool said: ${rs.outputs[0]?.output ?? ''}` : cited?.value ?? `Echo: ${lastUserText(ts)}`;
        const content = [{ type: 'text', text: { value: text, annotations: cited?.annotations ?? [] } }];
        const msg = addMessage(ts, { role: 'assistant', content, attachments: [], metadata: {} }, r.assistant_id, r.id);
        addStep(rs, 'message_creation', 'completed', { type: 'message_creation', message_creation: { message_id: msg.id } });
        Object.assign(r, { status: 'completed', completed_at: t, expires_at: null, usage: USAGE() });
      }
    }
  }

  /** With file_search over indexed files that match the question: the best sentence, cited as Assistants did. */
  function fileSearchAnswer(ts: ThreadState, r: RunObj): { value: string; annotations: Json[] } | undefined {
    if (!r.tools.some((t) => isObj(t) && t.type === 'file_search')) return undefined;
    const ids = (res: unknown): string[] => {
      const fs = isObj(res) && isObj(res.file_search) ? res.file_search.vector_store_ids : undefined;
      return Array.isArray(fs) ? fs.map(String) : [];
    };
    const storeIds = [...ids(assistants.get(r.assistant_id)?.tool_resources), ...ids(ts.thread.tool_resources)];
    // Runs wait until the stores they search are indexed.
    for (const id of storeIds) { const vs = files.state.stores.get(id); if (vs) files.state.index(vs); }
    const hit = files.state.search(storeIds, lastUserText(ts))[0];
    if (!hit) return undefined;
    const marker = '【4:0†source】';
    const value = `${hit.text}${marker}`;
    return { value, annotations: [{ type: 'file_citation', text: marker, start_index: hit.text.length, end_index: value.length, file_citation: { file_id: hit.file_id } }] };
  }

  function submitToolOutputs(rs: RunState, body: Json): RunObj {
    const r = rs.run;
    if (body.tool_outputs === undefined || body.tool_outputs === null) missing('tool_outputs');
    if (!Array.isArray(body.tool_outputs)) wrongType('tool_outputs', 'an array', body.tool_outputs);
    const outputs = body.tool_outputs.map((o: unknown, i): ToolOutput => {
      if (!isObj(o)) wrongType(`tool_outputs[${i}]`, 'an object', o);
      if (typeof o.tool_call_id !== 'string') missing(`tool_outputs[${i}].tool_call_id`);
      checkString(o.output, `tool_outputs[${i}].output`);
      return { tool_call_id: o.tool_call_id, output: typeof o.output === 'string' ? o.output : '' };
    });
    if (r.status !== 'requires_action' || !r.required_action) bad(`Runs in status "${r.status}" do not accept tool outputs.`);
    const pending = r.required_action.submit_tool_outputs.tool_calls.map((c) => c.id);
    const given = outputs.map((o) => o.tool_call_id);
    const unknown = given.find((id) => !pending.includes(id));
    if (unknown !== undefined) bad(`Invalid tool_call_id: ${unknown}. Expected one of: ${pending.join(', ')}.`, 'tool_outputs');
    const missingIds = pending.filter((id) => !given.includes(id));
    if (missingIds.length > 0) {
      const list = (ids: string[]) => `[${ids.map((id) => `'${id}'`).join(', ')}]`;
      bad(`Expected tool outputs for call_ids ${list(pending)}, got ${list(given)}`, 'tool_outputs');
    }
    rs.outputs = outputs;
    const step = rs.toolStep;
    if (step) {
      const calls = Array.isArray(step.step_details.tool_calls) ? step.step_details.tool_calls : [];
      for (const call of calls) {
        if (isObj(call) && isObj(call.function)) call.function.output = outputs.find((o) => o.tool_call_id === call.id)?.output ?? null;
      }
      Object.assign(step, { status: 'completed', completed_at: now(), usage: USAGE() });
    }
    Object.assign(r, { status: 'queued', required_action: null });
    return r;
  }

  const streamed = (ts: ThreadState, rs: RunState): StreamedRun => ({
    thread: ts.thread,
    run: rs.run,
    steps: () => [...rs.steps.values()],
    message: (id) => ts.messages.get(id),
    advance: () => advance(ts, rs),
  });

  type Handler = (p: string[], body: Json, q: Query) => unknown;
  /** For routes that take `stream: true`: what the client knows before the handler runs. */
  type StreamStart = (p: string[]) => Seen;
  const T = '/threads/([^/]+)';
  const R = `${T}/runs/([^/]+)`;
  const routes: Array<[string, RegExp, Handler, StreamStart?]> = [
    ['GET', /^\/assistants$/, (_p, _b, q) => paginate(assistants.values(), q)],
    ['POST', /^\/assistants$/, (_p, b) => {
      if (b.model === undefined || b.model === null) missing('model');
      checkString(b.model, 'model');
      checkAssistantBody(b);
      const a = { id: nextId('asst'), object: 'assistant', created_at: now(), ...ASSISTANT_DEFAULTS() };
      mergeAssistant(a, b);
      assistants.set(a.id, a);
      return a;
    }],
    ['GET', /^\/assistants\/([^/]+)$/, ([id]) => getAssistant(id!)],
    ['POST', /^\/assistants\/([^/]+)$/, ([id], b) => {
      const a = getAssistant(id!);
      if (b.model === null) wrongType('model', 'a string', null);
      checkString(b.model, 'model');
      checkAssistantBody(b);
      return mergeAssistant(a, b);
    }],
    ['DELETE', /^\/assistants\/([^/]+)$/, ([id]) => {
      getAssistant(id!);
      assistants.delete(id!);
      return { id, object: 'assistant.deleted', deleted: true };
    }],
    ['POST', /^\/threads$/, (_p, b) => {
      checkObject(b.tool_resources, 'tool_resources');
      checkMetadata(b.metadata);
      return addThread(b, parseMessages(b.messages, 'messages')).thread;
    }],
    ['POST', /^\/threads\/runs$/, (_p, b) => {
      checkRunBody(b);
      checkObject(b.thread, 'thread');
      checkObject(b.tool_resources, 'tool_resources');
      const tb = isObj(b.thread) ? b.thread : {};
      checkObject(tb.tool_resources, 'thread.tool_resources');
      checkMetadata(tb.metadata, 'thread.metadata');
      const messages = parseMessages(tb.messages, 'thread.messages');
      getAssistant(String(b.assistant_id));
      const ts = addThread({ ...tb, tool_resources: tb.tool_resources ?? b.tool_resources }, messages);
      return createRun(ts, b, []);
    }, () => unseen(true)],
    ['GET', new RegExp(`^${T}$`), ([tid]) => getThread(tid!).thread],
    ['POST', new RegExp(`^${T}$`), ([tid], b) => {
      const ts = getThread(tid!);
      checkObject(b.tool_resources, 'tool_resources');
      checkMetadata(b.metadata);
      if (b.tool_resources !== undefined) ts.thread.tool_resources = b.tool_resources ?? {};
      if (b.metadata !== undefined) ts.thread.metadata = b.metadata ?? {};
      return ts.thread;
    }],
    ['DELETE', new RegExp(`^${T}$`), ([tid]) => {
      getThread(tid!);
      threads.delete(tid!);
      return { id: tid, object: 'thread.deleted', deleted: true };
    }],
    ['GET', new RegExp(`^${T}/messages$`), ([tid], _b, q) => {
      const runId = q1(q, 'run_id');
      const all = [...getThread(tid!).messages.values()];
      return paginate(runId ? all.filter((m) => m.run_id === runId) : all, q);
    }],
    ['POST', new RegExp(`^${T}/messages$`), ([tid], b) => addMessage(getThread(tid!), parseMessage(b))],
    ['GET', new RegExp(`^${T}/messages/([^/]+)$`), ([tid, mid]) => getMessage(tid!, mid!)],
    ['POST', new RegExp(`^${T}/messages/([^/]+)$`), ([tid, mid], b) => {
      const m = getMessage(tid!, mid!);
      checkMetadata(b.metadata);
      if (b.metadata !== undefined) m.metadata = b.metadata ?? {};
      return m;
    }],
    ['DELETE', new RegExp(`^${T}/messages/([^/]+)$`), ([tid, mid]) => {
      getMessage(tid!, mid!);
      getThread(tid!).messages.delete(mid!);
      return { id: mid, object: 'thread.message.deleted', deleted: true };
    }],
    ['GET', new RegExp(`^${T}/runs$`), ([tid], _b, q) => paginate([...getThread(tid!).runs.values()].map((rs) => rs.run), q)],
    ['POST', new RegExp(`^${T}/runs$`), ([tid], b) => {
      const ts = getThread(tid!);
      checkRunBody(b);
      return createRun(ts, b, parseMessages(b.additional_messages, 'additional_messages'));
    }, () => unseen()],
    ['GET', new RegExp(`^${R}$`), ([tid, rid]) => {
      const rs = getRun(tid!, rid!);
      advance(getThread(tid!), rs);
      return rs.run;
    }],
    ['POST', new RegExp(`^${R}$`), ([tid, rid], b) => {
      const r = getRun(tid!, rid!).run;
      checkMetadata(b.metadata);
      if (b.metadata !== undefined) r.metadata = b.metadata ?? {};
      return r;
    }],
    ['POST', new RegExp(`^${R}/cancel$`), ([tid, rid]) => {
      const r = getRun(tid!, rid!).run;
      if (!ACTIVE.has(r.status) || r.status === 'cancelling') bad(`Cannot cancel run with status '${r.status}'.`);
      Object.assign(r, { status: 'cancelling', required_action: null });
      return r;
    }],
    ['POST', new RegExp(`^${R}/submit_tool_outputs$`), ([tid, rid], b) => submitToolOutputs(getRun(tid!, rid!), b),
      ([tid, rid]) => seenNow(streamed(getThread(tid!), getRun(tid!, rid!)))],
    ['GET', new RegExp(`^${R}/steps$`), ([tid, rid], _b, q) => paginate(getRun(tid!, rid!).steps.values(), q)],
    ['GET', new RegExp(`^${R}/steps/([^/]+)$`), ([tid, rid, sid]) => getRun(tid!, rid!).steps.get(sid!) ?? notFound('run step', sid!)],
  ];

  function checkAssistantBody(b: Json): void {
    checkString(b.name, 'name', 256);
    checkString(b.description, 'description', 512);
    checkString(b.instructions, 'instructions', 256000);
    checkTools(b.tools);
    checkObject(b.tool_resources, 'tool_resources');
    checkMetadata(b.metadata);
    checkSampling(b);
  }
  function mergeAssistant(a: Json, b: Json): Json {
    const defaults = ASSISTANT_DEFAULTS();
    for (const key of ASSISTANT_FIELDS) {
      if (b[key] !== undefined) a[key] = b[key] === null ? defaults[key] ?? null : b[key];
    }
    return a;
  }

  function checkAccess(headers: Record<string, string>, query: Query): void {
    if (auth === 'api-key') {
      if (headers['api-key'] !== apiKey) throw new ApiError(401, 'Access denied due to invalid subscription key. Make sure to provide a valid key via the api-key header.', null, 'invalid_api_key');
    } else {
      const m = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
      if (!m) throw new ApiError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
      if (m[1]!.trim() !== apiKey) throw new ApiError(401, `Incorrect API key provided: ${m[1]!.slice(0, 3)}***. You can find your API key at https://platform.openai.com/account/api-keys.`, null, 'invalid_api_key');
    }
    if (requireBeta && !(headers['openai-beta'] ?? '').split(',').some((v) => v.trim() === 'assistants=v2')) {
      bad("You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again by setting the header 'OpenAI-Beta: assistants=v2'.");
    }
    for (const [key, value] of Object.entries(options.requiredQuery ?? {})) {
      if (q1(query, key) !== value) bad(`Missing or unsupported query parameter '${key}': expected '${value}'.`, key);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (files.owns(req)) return files.handle(req, res);
    const requestId = `req_${++requestSeq}`;
    let extraHeaders: Record<string, string> = {};
    const send = (status: number, body: unknown): void => {
      if (res.headersSent || res.destroyed) return;
      const payload = JSON.stringify(body) ?? '';
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'x-request-id': requestId };
      for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
      headers['content-length'] = Buffer.byteLength(payload);
      res.writeHead(status, headers);
      res.end(payload);
    };
    try {
      const received = await receive(req, res, requests, rules, (status, body, headers) => ((extraHeaders = headers), send(status, body)), spec);
      if (!received) return;
      const { url, record, badJson, cutStreamAfter } = received;
      const { method, path, query, headers } = record;
      extraHeaders = received.extraHeaders;

      try {
        checkAccess(headers, query);
        if (badJson) bad('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.');
        if (method === 'POST' && record.body !== undefined && !isObj(record.body)) wrongType('body', 'an object', record.body);
        const body = isObj(record.body) ? record.body : {};
        for (const [m, re, handler, streamStart] of routes) {
          const match = m === method ? re.exec(path) : null;
          if (!match) continue;
          const params = match.slice(1).map(decodeSegment);
          if (method === 'POST' && body.stream === true) {
            if (!streamStart) bad('stream is not supported by this fake', 'stream');
            const seen = streamStart(params);
            const run = handler(params, body, query) as RunObj;
            const headers: Record<string, string> = { 'x-request-id': requestId };
            for (const [k, v] of Object.entries(extraHeaders)) headers[k.toLowerCase()] = v;
            const target = streamed(getThread(run.thread_id), getRun(run.thread_id, run.id));
            await streamRun(res, target, seen, { headers, delayMs: options.streamDelayMs ?? 0, cutAfter: cutStreamAfter });
            return;
          }
          send(200, handler(params, body, query));
          return;
        }
        throw new ApiError(404, `Invalid URL (${method} ${url.pathname})`);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        send(err.status, errorBody(err.message, err.type, err.param, err.code));
      }
    } catch (err) {
      try {
        send(500, errorBody(`Fake server error: ${err instanceof Error ? err.message : String(err)}`, 'server_error', null, null));
      } catch {
        res.destroy();
      }
    }
  }

  const server = await listen(handle);

  return {
    url: server.url,
    requests,
    violations: spec.violations,
    fail: (rule: FailureRule) => rules.add(rule),
    files,
    close: async () => {
      await server.close();
      assertNoViolations(spec, 'Assistants');
    },
  };
}

