/** Request checks, error helpers, ids, item parsing and list paging for the fake Responses + Conversations server. */

export type Json = Record<string, unknown>;
export type Query = Record<string, string | string[]>;
/** A stored item (conversation item, response input or output item): always has an id and a type. */
export type Item = Json & { id: string; type: string };

/** An answer with an OpenAI error body `{error:{message,type,param,code}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number, message: string, readonly param: string | null = null,
    readonly code: string | null = null, readonly type = 'invalid_request_error',
  ) { super(message); }
}

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const q1 = (q: Query, key: string): string | undefined => { const v = q[key]; return Array.isArray(v) ? v[0] : v; };
export const now = (): number => Math.floor(Date.now() / 1000);
export { errorBody } from './http-kit.js';
const describe = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
const list = (values: readonly string[]): string => {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length < 3 ? quoted.join(' and ') : `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}`;
};

export function bad(message: string, param: string | null = null, code: string | null = null): never {
  throw new ApiError(400, message, param, code);
}
export function notFound(kind: string, id: string, param: string | null = null): never {
  throw new ApiError(404, `${kind} with id '${id}' not found.`, param);
}
export function missing(param: string): never {
  bad(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}
export function wrongType(param: string, expected: string, v: unknown): never {
  bad(`Invalid type for '${param}': expected ${expected}, but got ${describe(v)} instead.`, param, 'invalid_type');
}
export function badValue(param: string, v: unknown, supported: readonly string[]): never {
  bad(`Invalid value: '${String(v)}'. Supported values are: ${list(supported)}.`, param, 'invalid_value');
}

// Ids look like real ones (prefix + 48 hex digits) so length assumptions in clients get exercised;
// the last 12 digits carry one counter shared by every kind, so ids sort in creation order.
const STAMP = '68e1fa4e'.repeat(4) + 'c0de';
export const mintId = (prefix: string, n: number): string => `${prefix}_${STAMP}${n.toString(16).padStart(12, '0')}`;
export const seqOf = (id: string): number => {
  const m = /_[0-9a-f]{36}([0-9a-f]{12})$/.exec(id);
  return m ? parseInt(m[1]!, 16) : NaN;
};

// ---- scalar checks ------------------------------------------------------------------------------

export function checkString(v: unknown, param: string, maxLength = Infinity): void {
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') wrongType(param, 'a string', v);
  if (v.length > maxLength) bad(`Invalid '${param}': string too long. Expected a string with maximum length ${maxLength}, but got a string with length ${v.length} instead.`, param, 'string_above_max_length');
}
export function checkNumber(v: unknown, param: string, min: number, max: number, integer = false): void {
  if (v === undefined || v === null) return;
  const kind = integer ? 'integer' : 'decimal';
  if (typeof v !== 'number' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) wrongType(param, `a ${kind}`, v);
  if (v < min) bad(`Invalid '${param}': ${kind} below minimum value. Expected a value >= ${min}, but got ${v} instead.`, param, `${kind}_below_min_value`);
  if (v > max) bad(`Invalid '${param}': ${kind} above maximum value. Expected a value <= ${max}, but got ${v} instead.`, param, `${kind}_above_max_value`);
}
export function checkBoolean(v: unknown, param: string): void {
  if (v !== undefined && v !== null && typeof v !== 'boolean') wrongType(param, 'a boolean', v);
}
export function checkObject(v: unknown, param: string): void {
  if (v !== undefined && v !== null && !isObj(v)) wrongType(param, 'an object', v);
}
export function checkMetadata(v: unknown, param = 'metadata'): void {
  checkObject(v, param);
  if (!isObj(v)) return;
  const entries = Object.entries(v);
  if (entries.length > 16) bad(`Invalid '${param}': too many properties. Expected an object with at most 16 properties, but got an object with ${entries.length} properties instead.`, param, 'object_above_max_properties');
  for (const [k, val] of entries) {
    if (k.length > 64) bad(`Invalid '${param}': metadata key '${k}' is longer than 64 characters.`, param, 'invalid_value');
    if (typeof val !== 'string') wrongType(`${param}.${k}`, 'a string', val);
    checkString(val, `${param}.${k}`, 512);
  }
}
export function checkArray(v: unknown, param: string, maxItems = Infinity): unknown[] {
  if (!Array.isArray(v)) wrongType(param, 'an array', v);
  if (v.length > maxItems) bad(`Invalid '${param}': array too long. Expected an array with maximum length ${maxItems}, but got an array with length ${v.length} instead.`, param, 'array_above_max_length');
  return v;
}

// ---- items --------------------------------------------------------------------------------------

const ROLES = ['user', 'assistant', 'system', 'developer'] as const;
const INPUT_PARTS = ['input_text', 'input_image', 'input_file'] as const;
const OUTPUT_PARTS = ['output_text', 'refusal'] as const;

function parsePart(part: unknown, p: string, role: string): Json {
  if (!isObj(part)) wrongType(p, 'an object', part);
  const allowed: readonly string[] = role === 'assistant' ? OUTPUT_PARTS : INPUT_PARTS;
  if (!allowed.includes(String(part.type))) badValue(`${p}.type`, part.type, allowed);
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      if (typeof part.text !== 'string') return part.text === undefined ? missing(`${p}.text`) : wrongType(`${p}.text`, 'a string', part.text);
      return part.type === 'input_text'
        ? { type: 'input_text', text: part.text }
        : { type: 'output_text', text: part.text, annotations: Array.isArray(part.annotations) ? part.annotations : [], logprobs: [] };
    case 'input_image':
      if (typeof part.image_url !== 'string' && typeof part.file_id !== 'string') missing(`${p}.image_url`);
      return { type: 'input_image', image_url: part.image_url ?? null, file_id: part.file_id ?? null, detail: part.detail ?? 'auto' };
    case 'refusal':
      if (typeof part.refusal !== 'string') missing(`${p}.refusal`);
      return { type: 'refusal', refusal: part.refusal };
    default:
      return { ...part };
  }
}

/** One input item as stored: `mint(prefix)` gives the new id. Accepts messages, function calls and their outputs. */
export function parseItem(raw: unknown, p: string, mint: (prefix: string) => string): Item {
  if (!isObj(raw)) wrongType(p, 'an object', raw);
  const type = raw.type ?? (raw.role !== undefined ? 'message' : undefined);
  if (type === undefined) missing(`${p}.type`);
  if (type === 'message') {
    const { role, content } = raw;
    if (role === undefined || role === null) missing(`${p}.role`);
    if (!ROLES.includes(role as never)) badValue(`${p}.role`, role, ROLES);
    if (content === undefined || content === null) missing(`${p}.content`);
    let parts: Json[];
    if (typeof content === 'string') {
      parts = [role === 'assistant' ? { type: 'output_text', text: content, annotations: [], logprobs: [] } : { type: 'input_text', text: content }];
    } else {
      parts = checkArray(content, `${p}.content`).map((part, i) => parsePart(part, `${p}.content[${i}]`, String(role)));
    }
    return { id: mint('msg'), type: 'message', status: 'completed', role: String(role), content: parts };
  }
  if (type === 'function_call_output') {
    if (raw.call_id === undefined || raw.call_id === null) missing(`${p}.call_id`);
    checkString(raw.call_id, `${p}.call_id`, 64);
    if (raw.output === undefined || raw.output === null) missing(`${p}.output`);
    if (typeof raw.output !== 'string' && !Array.isArray(raw.output)) wrongType(`${p}.output`, 'a string or an array', raw.output);
    checkString(raw.output, `${p}.output`, 10485760);
    return { id: mint('fco'), type: 'function_call_output', call_id: raw.call_id, output: raw.output, status: 'completed' };
  }
  if (type === 'function_call') {
    for (const key of ['call_id', 'name', 'arguments']) {
      if (raw[key] === undefined || raw[key] === null) missing(`${p}.${key}`);
      checkString(raw[key], `${p}.${key}`);
    }
    return { id: mint('fc'), type: 'function_call', status: 'completed', call_id: raw.call_id, name: raw.name, arguments: raw.arguments };
  }
  return badValue(`${p}.type`, type, ['message', 'function_call', 'function_call_output']);
}

/**
 * Checks the function-call bookkeeping of `added` items joining `context`: each output must answer a
 * call that is still unanswered; with `complete`, no call may be left unanswered afterwards.
 */
export function checkToolOutputs(context: Item[], added: Item[], param: string, complete: boolean): void {
  const open = new Set<string>();
  const scan = (item: Item, checked: boolean): void => {
    const id = String(item.call_id);
    if (item.type === 'function_call') open.add(id);
    if (item.type !== 'function_call_output') return;
    if (checked && !open.has(id)) bad(`No tool call found for function call output with call_id ${id}.`, param);
    open.delete(id);
  };
  for (const item of context) scan(item, false);
  for (const item of added) scan(item, true);
  const [first] = open;
  if (complete && first !== undefined) bad(`No tool output found for function call ${first}.`, param);
}

/** The text parts of the last user message, joined with newlines ('' when there is none). */
export function lastUserText(items: Item[]): string {
  const user = [...items].reverse().find((i) => i.type === 'message' && i.role === 'user');
  const parts = Array.isArray(user?.content) ? user.content : [];
  return parts.map((c: unknown) => (isObj(c) && typeof c.text === 'string' ? c.text : undefined))
    .filter((t): t is string => t !== undefined).join('\n');
}

// ---- request bodies -----------------------------------------------------------------------------

/** A function tool is flat in the Responses API: `{type:"function", name, parameters, strict}`. */
export function checkTools(v: unknown): void {
  if (v === undefined || v === null) return;
  checkArray(v, 'tools').forEach((tool, i) => {
    const p = `tools[${i}]`;
    if (!isObj(tool)) wrongType(p, 'an object', tool);
    if (typeof tool.type !== 'string') missing(`${p}.type`);
    if (tool.type === 'function') {
      if (tool.name === undefined || tool.name === null) missing(`${p}.name`);
      checkString(tool.name, `${p}.name`, 128);
      if (!/^[a-zA-Z0-9_-]+$/.test(String(tool.name))) bad(`Invalid '${p}.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`, `${p}.name`, 'invalid_value');
    }
    if (tool.type === 'file_search') checkFileSearchTool(tool, p);
    if (tool.type === 'code_interpreter') checkCodeInterpreterTool(tool, p);
  });
}

/** FileSearchTool of the spec: vector_store_ids required; the ranker names are the Responses API's own. */
function checkFileSearchTool(tool: Json, p: string): void {
  const known = ['type', 'vector_store_ids', 'max_num_results', 'ranking_options', 'filters'];
  for (const key of Object.keys(tool)) if (!known.includes(key)) bad(`Unknown parameter: '${p}.${key}'.`, `${p}.${key}`, 'unknown_parameter');
  if (!Array.isArray(tool.vector_store_ids)) missing(`${p}.vector_store_ids`);
  (tool.vector_store_ids as unknown[]).forEach((id, i) => checkString(id, `${p}.vector_store_ids[${i}]`));
  checkNumber(tool.max_num_results, `${p}.max_num_results`, 1, 50, true);
  if (tool.ranking_options === undefined) return;
  if (!isObj(tool.ranking_options)) wrongType(`${p}.ranking_options`, 'an object', tool.ranking_options);
  const { ranker, score_threshold } = tool.ranking_options;
  if (ranker !== undefined && ranker !== 'auto' && ranker !== 'default-2024-11-15') badValue(`${p}.ranking_options.ranker`, ranker, ['auto', 'default-2024-11-15']);
  checkNumber(score_threshold, `${p}.ranking_options.score_threshold`, 0, 1);
}

/** CodeInterpreterTool: a container id, or {type: "auto", file_ids ≤ 50}. */
function checkCodeInterpreterTool(tool: Json, p: string): void {
  const c = tool.container;
  if (c === undefined) missing(`${p}.container`);
  if (typeof c === 'string') return;
  if (!isObj(c)) wrongType(`${p}.container`, 'a string or an object', c);
  if (c.type !== 'auto') badValue(`${p}.container.type`, c.type, ['auto']);
  if (c.file_ids !== undefined) checkArray(c.file_ids, `${p}.container.file_ids`, 50).forEach((id, i) => checkString(id, `${p}.container.file_ids[${i}]`));
}

export function checkToolChoice(v: unknown, tools: unknown): void {
  if (v === undefined || v === null) return;
  const modes = ['none', 'auto', 'required'];
  if (typeof v === 'string') { if (!modes.includes(v)) badValue('tool_choice', v, modes); return; }
  if (!isObj(v)) wrongType('tool_choice', 'a string or an object', v);
  if (typeof v.type !== 'string') missing('tool_choice.type');
  if (v.type !== 'function') return;
  if (typeof v.name !== 'string') missing('tool_choice.name');
  const known = Array.isArray(tools) && tools.some((t) => isObj(t) && t.type === 'function' && t.name === v.name);
  if (!known) bad(`Tool choice '${v.name}' not found in 'tools' parameter.`, 'tool_choice');
}

export function checkText(v: unknown): void {
  checkObject(v, 'text');
  if (!isObj(v) || v.format === undefined) return;
  const format = v.format;
  if (!isObj(format)) return wrongType('text.format', 'an object', format);
  const types = ['text', 'json_object', 'json_schema'];
  if (!types.includes(String(format.type))) badValue('text.format.type', format.type, types);
  if (format.type === 'json_schema') {
    if (typeof format.name !== 'string') missing('text.format.name');
    if (!isObj(format.schema)) missing('text.format.schema');
  }
}

// ---- pagination ---------------------------------------------------------------------------------

/** One page of `all` (in creation order) after `limit`, `order` (default desc) and `after`; `before` is not in this API. */
export function paginate(all: Item[], q: Query): Json {
  let limit = 20;
  const rawLimit = q1(q, 'limit');
  if (rawLimit !== undefined) {
    const n = Number(rawLimit);
    if (rawLimit.trim() === '' || !Number.isInteger(n)) bad(`Invalid 'limit': expected an integer, but got '${rawLimit}' instead.`, 'limit', 'invalid_type');
    checkNumber(n, 'limit', 1, 100, true);
    limit = n;
  }
  const order = q1(q, 'order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') badValue('order', order, ['asc', 'desc']);
  let items = order === 'desc' ? [...all].reverse() : [...all];
  const after = q1(q, 'after');
  if (after !== undefined && after !== '') {
    const at = items.findIndex((i) => i.id === after);
    // A cursor naming a deleted item still works: ids carry the creation counter.
    const n = seqOf(after);
    if (at < 0 && Number.isNaN(n)) bad(`Invalid 'after': '${after}' is not a valid item id.`, 'after', 'invalid_value');
    items = at >= 0 ? items.slice(at + 1) : items.filter((i) => (order === 'asc' ? seqOf(i.id) > n : seqOf(i.id) < n));
  }
  const data = items.slice(0, limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: items.length > data.length };
}
