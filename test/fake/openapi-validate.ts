/**
 * A small, test-only OpenAPI 3 request validator. It finds the operation of a request
 * (method + path template) in the copied official spec files (test/fixtures/openai) and
 * checks its query and JSON or multipart/form-data body against the operation's schemas. Stricter than JSON
 * Schema on purpose: a field an object does not declare is an error (within `allOf`, the
 * union of the branches' fields is known), and a body on a body-less operation is one too.
 */
import { readFileSync } from 'node:fs';

type Schema = Record<string, any>;
type Spec = { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };

export const SPEC_FILES = ['assistants-v2', 'responses-conversations', 'files-vector-stores'] as const;

/** One operation of a spec, with its path template as a regular expression. */
interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  params: { name: string; in: string; required?: boolean; schema?: Schema }[];
  body?: { required?: boolean; content: Record<string, { schema?: Schema }> };
  spec: Spec;
}

export interface RequestToCheck {
  method: string;
  /** Path below /v1, e.g. `/threads/t/runs`. */
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** The raw body text ('' when none, and for a multipart body, which comes as `form`). */
  raw: string;
  /** A multipart/form-data body's fields by name (a file part as its filename), or why the form could not be read. */
  form?: Record<string, FormField> | string;
}

/** One field of a multipart form: a text part's value, or a file part. */
export type FormField = string | { filename: string };

export interface Violation {
  /** `METHOD /path`. */
  request: string;
  /** The operationId, when the path matched one. */
  operation?: string;
  /** Where in the request: `body.tools[0].ranking_options.ranker`, `query.after`, `content-type`. */
  at: string;
  message: string;
  /** What the real server would answer: 400 (invalid), 415 (body or content type not accepted). */
  status: number;
}

/** Query parameters every request may carry (Azure's api-version, added by OPENAI_QUERY_PARAMS). */
const TRANSPORT_QUERY = new Set(['api-version']);

let operations: Operation[] | undefined;

function loadOperations(): Operation[] {
  if (operations) return operations;
  const all: Operation[] = [];
  const seen = new Set<string>();
  for (const name of SPEC_FILES) {
    const spec = JSON.parse(readFileSync(new URL(`../../../test/fixtures/openai/${name}.openapi.json`, import.meta.url), 'utf8')) as Spec;
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const method of ['get', 'post', 'delete']) {
        const op = item[method];
        const key = `${method} ${template}`;
        if (!op || seen.has(key)) continue;
        seen.add(key);
        const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
        all.push({ id: op.operationId, method: method.toUpperCase(), template, pattern, params: [...(item.parameters ?? []), ...(op.parameters ?? [])], body: op.requestBody, spec });
      }
    }
  }
  // Literal segments win over parameters: /threads/runs before /threads/{thread_id}.
  all.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  return (operations = all);
}

/** The violations of one request; an empty list when it is valid or its path is in none of the specs. */
export function checkRequest(req: RequestToCheck): Violation[] {
  const op = loadOperations().find((o) => o.method === req.method && o.pattern.test(req.path));
  if (!op) return [];
  const request = `${req.method} ${req.path}`;
  const out: Violation[] = [];
  const add = (at: string, message: string, status = 400) => out.push({ request, operation: op.id, at, message, status });

  const declared = new Map(op.params.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const [rawName, value] of Object.entries(req.query)) {
    if (TRANSPORT_QUERY.has(rawName)) continue;
    const param = declared.get(rawName) ?? declared.get(rawName.replace(/\[\]$/, ''));
    if (!param) {
      add(`query.${rawName}`, `Unknown query parameter '${rawName}' for ${op.id}.`);
      continue;
    }
    for (const issue of validate(op.spec, param.schema ?? {}, coerceQuery(op.spec, param.schema ?? {}, value), `query.${rawName}`)) add(issue.at, issue.message);
  }
  for (const param of declared.values()) {
    if (param.required && req.query[param.name] === undefined && req.query[`${param.name}[]`] === undefined) add(`query.${param.name}`, `Missing required query parameter '${param.name}'.`);
  }

  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const empty = req.raw === '' && req.form === undefined;
  if (!op.body) {
    if (!empty) add('body', `${op.id} takes no request body.`, 415);
    return out;
  }
  if (empty) {
    if (op.body.required) add('body', `${op.id} requires a request body.`);
    return out;
  }
  const media = op.body.content[type];
  if (!media) {
    add('content-type', `${op.id} accepts ${Object.keys(op.body.content).join(', ')}, not ${type || 'a body without content-type'}.`, 415);
    return out;
  }
  if (type === 'multipart/form-data') {
    if (typeof req.form !== 'object') add('body', `The multipart/form-data body could not be read: ${req.form ?? 'no form fields'}.`);
    else for (const issue of validate(op.spec, media.schema ?? {}, formObject(op.spec, media.schema ?? {}, req.form, add), 'body')) add(issue.at, issue.message);
    return out;
  }
  if (type !== 'application/json') return out;
  let body: unknown;
  try {
    body = JSON.parse(req.raw);
  } catch {
    add('body', 'The body is not valid JSON.');
    return out;
  }
  for (const issue of validate(op.spec, media.schema ?? {}, body, 'body')) add(issue.at, issue.message);
  return out;
}

/** Query strings carry text: numbers, booleans and arrays are read as the schema says. */
function coerceQuery(spec: Spec, schema: Schema, value: string | string[]): unknown {
  const s = resolve(spec, schema);
  const types = typesOf(s);
  if (types.includes('array')) return (Array.isArray(value) ? value : [value]).map((v) => coerceQuery(spec, s.items ?? {}, v));
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  if ((types.includes('integer') || types.includes('number')) && one.trim() !== '' && !Number.isNaN(Number(one))) return Number(one);
  if (types.includes('boolean') && (one === 'true' || one === 'false')) return one === 'true';
  return one;
}

/** A form as the object its schema describes: `a[b]` nests, text is read as the schema's type, a file part is a binary string. */
function formObject(spec: Spec, schema: Schema, form: Record<string, FormField>, add: (at: string, message: string) => void): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    const keys = name.replace(/\]/g, '').split('[');
    let target = out;
    let field: Schema | undefined = schema;
    for (const [i, key] of keys.entries()) {
      field = field && resolve(spec, field).properties?.[key];
      if (i < keys.length - 1) target = (target[key] ??= {}) as Record<string, unknown>;
    }
    const leaf = keys[keys.length - 1]!;
    if (typeof value === 'string') {
      target[leaf] = field ? coerceQuery(spec, field, value) : value;
      continue;
    }
    if (field && resolve(spec, field).format !== 'binary') add(`body.${keys.join('.')}`, `'${name}' is a text field, not a file.`);
    target[leaf] = value.filename;
  }
  return out;
}

interface Issue {
  at: string;
  message: string;
}

function resolve(spec: Spec, schema: Schema): Schema {
  let s = schema;
  for (let depth = 0; s && typeof s.$ref === 'string' && depth < 20; depth++) {
    const { $ref, ...siblings } = s;
    const target = spec.components?.schemas?.[String($ref).replace('#/components/schemas/', '')];
    if (!target) throw new Error(`openapi-validate: unresolved ${$ref}`);
    s = { ...target, ...siblings };
  }
  return s ?? {};
}

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  const types: string[] = Array.isArray(t) ? [...t] : t ? [t] : [];
  if (schema.nullable === true && types.length) types.push('null');
  return types;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The properties an object schema declares, through allOf and $ref; `open` when it takes others too. */
function declaredFields(spec: Spec, schema: Schema): { names: Set<string>; open: boolean } {
  const s = resolve(spec, schema);
  const names = new Set<string>(Object.keys(s.properties ?? {}));
  let open = s.additionalProperties !== undefined && s.additionalProperties !== false;
  for (const branch of s.allOf ?? []) {
    const inner = declaredFields(spec, branch);
    for (const n of inner.names) names.add(n);
    open ||= inner.open;
  }
  // An object that declares no field at all is free-form (e.g. a function's `parameters`).
  if (names.size === 0 && s.additionalProperties !== false) open = true;
  return { names, open };
}

/** Validates `value` against `schema`; `at` is where the value sits in the request. */
export function validate(spec: Spec, schema: Schema, value: unknown, at: string, strict = true): Issue[] {
  const s = resolve(spec, schema);
  // OpenAPI 3.0 style: `nullable` (also as an allOf branch of its own) lets null through.
  if (value === null && (s.nullable === true || (s.allOf ?? []).some((b: Schema) => resolve(spec, b).nullable === true))) return [];
  const issues: Issue[] = [];
  const add = (where: string, message: string) => issues.push({ at: where, message });

  if (s.allOf) {
    for (const branch of s.allOf) issues.push(...validate(spec, branch, value, at, false));
  }
  const union = s.anyOf ?? s.oneOf;
  if (union) {
    const tries = union.map((branch: Schema) => validate(spec, branch, value, at, true));
    if (!tries.some((t: Issue[]) => t.length === 0)) issues.push(...bestBranch(spec, union, tries, value, at));
  }
  const types = typesOf(s);
  const actual = typeOf(value);
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    add(at, `Invalid type for '${at}': expected ${types.join(' or ')}, but got ${actual === 'integer' ? 'number' : actual} ${describe(value)}.`);
    return issues;
  }
  if (s.enum && !s.enum.some((e: unknown) => e === value)) add(at, `Invalid value for '${at}': ${describe(value)}. Supported values are: ${s.enum.map((e: unknown) => JSON.stringify(e)).join(', ')}.`);
  if ('const' in s && s.const !== value) add(at, `Invalid value for '${at}': expected ${JSON.stringify(s.const)}, got ${describe(value)}.`);
  if (typeof value === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) add(at, `'${at}' is longer than ${s.maxLength} characters.`);
    if (s.minLength !== undefined && value.length < s.minLength) add(at, `'${at}' is shorter than ${s.minLength} characters.`);
    if (s.pattern && !new RegExp(s.pattern, 'u').test(value)) add(at, `'${at}' does not match ${s.pattern}.`);
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) add(at, `'${at}' is below the minimum ${s.minimum}.`);
    if (s.maximum !== undefined && value > s.maximum) add(at, `'${at}' is above the maximum ${s.maximum}.`);
    if (typeof s.exclusiveMinimum === 'number' && value <= s.exclusiveMinimum) add(at, `'${at}' must be above ${s.exclusiveMinimum}.`);
    if (typeof s.exclusiveMaximum === 'number' && value >= s.exclusiveMaximum) add(at, `'${at}' must be below ${s.exclusiveMaximum}.`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) add(at, `'${at}' needs at least ${s.minItems} items.`);
    if (s.maxItems !== undefined && value.length > s.maxItems) add(at, `'${at}' takes at most ${s.maxItems} items.`);
    if (s.items) value.forEach((item, i) => issues.push(...validate(spec, s.items, item, `${at}[${i}]`)));
  }
  if (actual === 'object') {
    const obj = value as Record<string, unknown>;
    for (const name of s.required ?? []) if (obj[name] === undefined) add(`${at}.${name}`, `Missing required parameter: '${at}.${name}'.`);
    for (const [name, sub] of Object.entries<Schema>(s.properties ?? {})) {
      if (obj[name] !== undefined) issues.push(...validate(spec, sub, obj[name], `${at}.${name}`));
    }
    const extra = s.additionalProperties;
    const known = declaredFields(spec, s);
    for (const name of Object.keys(obj)) {
      if (known.names.has(name)) continue;
      if (extra && typeof extra === 'object') issues.push(...validate(spec, extra, obj[name], `${at}.${name}`));
      else if (strict && !known.open && !s.anyOf && !s.oneOf) add(`${at}.${name}`, `Unknown parameter: '${at}.${name}'.`);
    }
  }
  return issues;
}

/** The issues of the branch the value most likely meant: the one whose `type` constant it carries, else the one with fewest issues. */
function bestBranch(spec: Spec, branches: Schema[], tries: Issue[][], value: unknown, at: string): Issue[] {
  const kind = value && typeof value === 'object' && !Array.isArray(value) ? (value as { type?: unknown }).type : undefined;
  let best = -1;
  if (kind !== undefined) {
    best = branches.findIndex((b) => {
      const t = resolve(spec, b).properties?.type;
      const r = t ? resolve(spec, t) : undefined;
      return r?.enum?.includes(kind) || r?.const === kind;
    });
  }
  if (best < 0) best = tries.reduce((min, t, i) => (t.length < tries[min].length ? i : min), 0);
  return tries[best].length ? tries[best] : [{ at, message: `'${at}' matches none of the allowed shapes.` }];
}

/** Violations one fake has seen, and whether it answers them (the default) or only records them. */
export interface SpecCheck {
  violations: Violation[];
  /** Answer a violation as the real server would; off only in tests of a fake's own refusals. */
  enforce: boolean;
  checked: number;
}

const checks: SpecCheck[] = [];

export function createSpecCheck(enforce = true): SpecCheck {
  if (!checks.length) {
    // The suite prints, per test file, how many requests the fakes checked and how many broke the spec
    // (violations a test provoked on purpose and took back, or sent to a fake in 'record' mode, are named apart).
    process.on('exit', () => {
      const checked = checks.reduce((n, c) => n + c.checked, 0);
      const violations = checks.filter((c) => c.enforce).reduce((n, c) => n + c.violations.length, 0);
      const provoked = checks.filter((c) => !c.enforce).reduce((n, c) => n + c.violations.length, 0);
      console.log(`# openapi: ${checked} upstream requests checked against the official schema, ${violations} violations${provoked ? ` (and ${provoked} sent on purpose to a fake in record mode)` : ''}`);
    });
  }
  const check: SpecCheck = { violations: [], enforce, checked: 0 };
  checks.push(check);
  return check;
}

/** Checks one request; returns the violations (also recorded on `check`). */
export function record(check: SpecCheck, req: RequestToCheck): Violation[] {
  const found = checkRequest(req);
  check.checked++;
  check.violations.push(...found);
  return found;
}

/** Throws when an enforcing fake saw a request that breaks the spec: called when the fake closes, so the test fails. */
export function assertNoViolations(check: SpecCheck, fake: string): void {
  if (!check.enforce || check.violations.length === 0) return;
  const lines = check.violations.slice(0, 10).map((v) => `- ${v.request} (${v.operation}): ${v.at}: ${v.message}`);
  throw new Error(`The ${fake} fake received ${check.violations.length} request(s) that break the official OpenAPI schema:\n${lines.join('\n')}`);
}
