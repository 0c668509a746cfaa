/**
 * The state and route table of the fake Responses + Conversations server: conversations with their
 * items, responses with their lifecycle (responses-model.ts), and one handler per endpoint.
 * Shapes follow /work/shared/specs/openai/responses-conversations.openapi.json.
 */
import {
  ACTIVE, advance, decide, emit, finish, stepOnce, type FileSearch, type ResponseState,
} from './responses-model.js';
import { StreamAnswer } from './responses-stream.js';
import { PROFILES, type UpstreamProfile } from '../../src/upstream/profile.js';
import {
  ApiError, bad, checkArray, checkBoolean, checkMetadata, checkNumber, checkString, checkText,
  checkToolChoice, checkToolOutputs, checkTools, isObj, lastUserText, missing, mintId, notFound, now, paginate,
  parseItem, q1, wrongType, type Item, type Json, type Query,
} from './responses-validate.js';

interface Conversation { obj: Json & { id: string }; items: Item[]; deleted: boolean }
export type Handler = (params: string[], body: Json, query: Query) => unknown;
export type Route = [method: string, path: RegExp, handler: Handler];

/** Model names containing this answer "model not found", so clients can test that path. */
const MISSING_MODEL = 'does-not-exist';
const LOCKED = 'Another process is currently operating on this conversation. Please retry in a few seconds.';

export interface FakeState {
  routes: Route[];
  /** Runs every queued or in_progress response to its end. */
  settle(): void;
}

/** The capabilities the fake has: every switch of an upstream profile (default: all of OpenAI's), plus what only the fake needs. */
export type FakeCapabilities = UpstreamProfile & {
  /** A conversation with a response in flight refuses writes (`conversation_locked`), as OpenAI does; Llama Stack does not. */
  conversationLocks?: boolean;
};

/** `search`: the Files fake's vector store search, which file_search answers from. */
export function createState(caps: FakeCapabilities = PROFILES.openai, search: FileSearch = () => []): FakeState {
  const conversations = new Map<string, Conversation>();
  const responses = new Map<string, ResponseState>();
  let seq = 0;
  const mint = (prefix: string): string => mintId(prefix, ++seq);

  const getConversation = (id: string, param: string | null = null): Conversation => {
    const c = conversations.get(id);
    return c && !c.deleted ? c : notFound('Conversation', id, param);
  };
  const getResponse = (id: string): ResponseState => {
    const rs = responses.get(id);
    return rs && !rs.hidden ? rs : notFound('Response', id);
  };
  const busy = (c: Conversation): boolean =>
    [...responses.values()].some((rs) => ACTIVE.has(rs.obj.status) && isObj(rs.obj.conversation) && rs.obj.conversation.id === c.obj.id);
  const checkUnlocked = (c: Conversation): void => {
    if (caps.conversationLocks !== false && busy(c)) bad(LOCKED, null, 'conversation_locked');
  };
  const parseItems = (raw: unknown, param: string, context: Item[]): Item[] => {
    const items = checkArray(raw, param, 20).map((it, i) => parseItem(it, `${param}[${i}]`, mint));
    checkToolOutputs(context, items, param, false);
    return items;
  };

  function createResponse(b: Json): ResponseState {
    if (b.model === undefined || b.model === null) missing('model');
    checkString(b.model, 'model');
    if (String(b.model).includes(MISSING_MODEL)) bad(`The requested model '${String(b.model)}' does not exist.`, 'model', 'model_not_found');
    checkString(b.instructions, 'instructions');
    checkTools(b.tools);
    checkToolChoice(b.tool_choice, b.tools);
    checkText(b.text);
    checkMetadata(b.metadata);
    checkNumber(b.temperature, 'temperature', 0, 2);
    checkNumber(b.top_p, 'top_p', 0, 1);
    checkNumber(b.max_output_tokens, 'max_output_tokens', 16, Number.MAX_SAFE_INTEGER, true);
    for (const key of ['background', 'store', 'stream', 'parallel_tool_calls']) checkBoolean(b[key], key);
    const background = b.background === true;
    if (background && !caps.background) bad("Background mode is not supported by this server: 'background' must be false.", 'background');
    if (b.conversation !== undefined && b.conversation !== null && !caps.conversations) bad("Unknown parameter 'conversation': this server has no conversations.", 'conversation');
    if (b.previous_response_id !== undefined && b.previous_response_id !== null && !caps.storedResponses) bad('This server does not store responses.', 'previous_response_id');
    if (caps.inputRequired && (b.input === undefined || b.input === null)) bad('Field required', 'input', 'missing');
    if (background && b.store === false) bad('Background responses require store=true; set store to true or omit it.', 'store');

    let conv: Conversation | null = null;
    let context: Item[] = [];
    if (b.conversation !== undefined && b.conversation !== null) {
      if (b.previous_response_id !== undefined && b.previous_response_id !== null) {
        bad("Mutually exclusive parameters: Ensure you are only providing one of: 'previous_response_id' or 'conversation'.", 'conversation', 'mutually_exclusive_parameters');
      }
      const id = typeof b.conversation === 'string' ? b.conversation : isObj(b.conversation) ? b.conversation.id : undefined;
      if (typeof id !== 'string') wrongType('conversation', "a string or an object with 'id'", b.conversation);
      conv = getConversation(id, 'conversation');
      checkUnlocked(conv);
      context = [...conv.items];
    } else if (b.previous_response_id !== undefined && b.previous_response_id !== null) {
      checkString(b.previous_response_id, 'previous_response_id');
      const prev = getResponse(String(b.previous_response_id));
      context = [...prev.context, ...prev.input, ...prev.obj.output];
    } else if (b.input === undefined || b.input === null) {
      missing('input');
    }
    let input: Item[] = [];
    if (typeof b.input === 'string') input = [parseItem({ role: 'user', content: b.input }, 'input', mint)];
    else if (b.input !== undefined && b.input !== null) input = checkArray(b.input, 'input').map((it, i) => parseItem(it, `input[${i}]`, mint));
    checkToolOutputs(context, input, 'input', true);

    const id = mint('resp');
    const obj: ResponseState['obj'] = {
      id, object: 'response', created_at: now(), status: background ? 'queued' : 'in_progress', background,
      completed_at: null, conversation: conv ? { id: conv.obj.id } : null, error: null, incomplete_details: null,
      instructions: b.instructions ?? null, max_output_tokens: b.max_output_tokens ?? null, max_tool_calls: b.max_tool_calls ?? null,
      metadata: b.metadata ?? {}, model: b.model, output: [], parallel_tool_calls: b.parallel_tool_calls ?? true,
      previous_response_id: b.previous_response_id ?? null, reasoning: b.reasoning ?? { effort: null, summary: null },
      service_tier: b.service_tier ?? 'default', store: b.store ?? true, temperature: b.temperature ?? 1,
      text: b.text ?? { format: { type: 'text' }, verbosity: 'medium' }, tool_choice: b.tool_choice ?? 'auto',
      tools: b.tools ?? [], top_logprobs: b.top_logprobs ?? 0, top_p: b.top_p ?? 1, truncation: b.truncation ?? 'disabled',
      usage: null, user: b.user ?? null,
    };
    const target = conv;
    const rs: ResponseState = {
      obj, context, contextIsConversation: conv !== null, input, plan: decide(b, context, input, search),
      slowLeft: lastUserText([...context, ...input]).includes('SLOW') ? 3 : 0,
      log: [], pending: [], hidden: b.store === false || !caps.storedResponses,
      // Only a completed response adds to its conversation: the input first, then the output, with the same ids.
      onComplete: () => { if (target && !target.deleted) target.items.push(...input, ...obj.output); },
    };
    responses.set(id, rs);
    emit(rs, { type: 'response.created', response: obj });
    emit(rs, { type: background ? 'response.queued' : 'response.in_progress', response: obj });
    return rs;
  }

  const source = (rs: ResponseState) => ({ log: rs.log, step: () => stepOnce(rs, mint) });
  const convItem = (cid: string, iid: string): Item =>
    getConversation(cid).items.find((i) => i.id === iid) ?? notFound('Item', iid);

  const C = '/conversations/([^/]+)';
  const R = '/responses/([^/]+)';
  const routes: Route[] = [
    ['POST', /^\/conversations$/, (_p, b) => {
      checkMetadata(b.metadata);
      const items = b.items === undefined || b.items === null ? [] : parseItems(b.items, 'items', []);
      const obj = { id: mint('conv'), object: 'conversation', created_at: now(), metadata: b.metadata ?? {} };
      conversations.set(obj.id, { obj, items, deleted: false });
      return obj;
    }],
    ['GET', new RegExp(`^${C}$`), ([cid]) => getConversation(cid!).obj],
    ['POST', new RegExp(`^${C}$`), ([cid], b) => {
      const c = getConversation(cid!);
      if (b.metadata === undefined) missing('metadata');
      checkMetadata(b.metadata);
      c.obj.metadata = b.metadata ?? {};
      return c.obj;
    }],
    ['DELETE', new RegExp(`^${C}$`), ([cid]) => {
      getConversation(cid!).deleted = true;
      return { id: cid, object: 'conversation.deleted', deleted: true };
    }],
    ['POST', new RegExp(`^${C}/items$`), ([cid], b) => {
      const c = getConversation(cid!);
      if (b.items === undefined || b.items === null) missing('items');
      checkUnlocked(c);
      const items = parseItems(b.items, 'items', c.items);
      c.items.push(...items);
      return { object: 'list', data: items, first_id: items[0]?.id ?? null, last_id: items.at(-1)?.id ?? null, has_more: false };
    }],
    // An upstream that ignores `after` answers the first page again, has_more and all.
    ['GET', new RegExp(`^${C}/items$`), ([cid], _b, q) => paginate(getConversation(cid!).items, caps.itemPaging ? q : { ...q, after: '' })],
    ['GET', new RegExp(`^${C}/items/([^/]+)$`), ([cid, iid]) => convItem(cid!, iid!)],
    ['DELETE', new RegExp(`^${C}/items/([^/]+)$`), ([cid, iid]) => {
      const c = getConversation(cid!);
      checkUnlocked(c);
      const item = convItem(cid!, iid!);
      c.items.splice(c.items.indexOf(item), 1);
      return c.obj;
    }],
    ['POST', /^\/responses$/, (_p, b) => {
      const rs = createResponse(b);
      // A response nobody may fetch (store:false) must not stay half done once its stream ends or is cut.
      const forget = (): void => { finish(rs, mint); responses.delete(rs.obj.id); };
      if (b.stream === true) return new StreamAnswer(source(rs), -1, rs.hidden ? forget : undefined);
      // Only background responses wait for GETs; the others are done by the time the POST answers.
      if (!rs.obj.background) finish(rs, mint);
      if (rs.hidden) forget();
      return rs.obj;
    }],
    ['GET', new RegExp(`^${R}$`), ([rid], _b, q) => {
      const rs = getResponse(rid!);
      if (q1(q, 'stream') === 'true' && caps.streamReplay) {
        if (!rs.obj.background) bad('Only background responses can be streamed with GET; create the response with background=true.', 'stream');
        const raw = q1(q, 'starting_after');
        const after = raw === undefined || raw === '' ? -1 : Number(raw);
        if (!Number.isInteger(after)) wrongType('starting_after', 'an integer', raw);
        return new StreamAnswer(source(rs), after);
      }
      advance(rs, mint);
      return rs.obj;
    }],
    ['DELETE', new RegExp(`^${R}$`), ([rid]) => {
      const rs = getResponse(rid!);
      // An in-flight response that is deleted stops, so its conversation is no longer locked.
      if (ACTIVE.has(rs.obj.status)) {
        rs.obj.status = 'cancelled';
        rs.pending = [];
      }
      responses.delete(rid!);
      return { id: rid, object: 'response', deleted: true };
    }],
    ['POST', new RegExp(`^${R}/cancel$`), ([rid]) => {
      const rs = getResponse(rid!);
      const r = rs.obj;
      if (!r.background) bad('Only responses created with background=true can be cancelled.');
      if (r.status === 'cancelled') return r;
      if (!ACTIVE.has(r.status)) bad(`Cannot cancel a ${r.status} response.`);
      if (r.status === 'in_progress' && !caps.cancelRunning) throw new ApiError(409, 'Only queued responses can be cancelled.');
      r.status = 'cancelled';
      rs.pending = [];
      return r;
    }],
    ['GET', new RegExp(`^${R}/input_items$`), ([rid], _b, q) => {
      const rs = getResponse(rid!);
      return paginate(rs.contextIsConversation ? [...rs.context, ...rs.input] : rs.input, q);
    }],
    ['GET', /^\/models\/([^/]+)$/, ([model]) => {
      if (model!.includes(MISSING_MODEL)) throw new ApiError(404, `The model '${model}' does not exist`, 'model', 'model_not_found');
      return { id: model, object: 'model', created: 1700000000, owned_by: 'system' };
    }],
  ];
  const gone: Handler = () => { throw new ApiError(404, 'Not Found'); };
  return {
    routes: caps.conversations ? routes : routes.map(([m, re, h]) => [m, re, re.source.startsWith('^\\/conversations') ? gone : h]),
    settle: () => { for (const rs of responses.values()) finish(rs, mint); },
  };
}
