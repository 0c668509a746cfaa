/**
 * Request checks of the fake Files / Vector Stores server, read from the official schema
 * (test/fixtures/openai/files-vector-stores.openapi.json): each JSON body and each multipart
 * form is checked against its operation's requestBody schema. SEAM: issue 9 brings a generic
 * OpenAPI request validator under test/fake/; `checkRequestBody` is the one call to swap for it.
 */
import { readFileSync } from 'node:fs';
import { ApiError } from './files-errors.js';

type Schema = Record<string, any>;

const SPEC = JSON.parse(readFileSync(new URL('../../../test/fixtures/openai/files-vector-stores.openapi.json', import.meta.url), 'utf8'));

/** operationId → the schema of its request body, by content type; and of its query parameters, by name. */
const BODIES = new Map<string, Record<string, Schema>>();
const QUERIES = new Map<string, Map<string, Schema>>();
for (const item of Object.values<any>(SPEC.paths)) {
  for (const op of Object.values<any>(item)) {
    if (!op?.operationId) continue;
    if (op.requestBody?.content) {
      BODIES.set(op.operationId, Object.fromEntries(Object.entries<any>(op.requestBody.content).map(([type, c]) => [type, c.schema])));
    }
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolve).filter((p) => p.in === 'query');
    QUERIES.set(op.operationId, new Map(params.map((p) => [p.name, p.schema ?? {}])));
  }
}

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s?.$ref) s = s.$ref.split('/').slice(1).reduce((node: any, key: string) => node[key], SPEC);
  return s ?? {};
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);

function fail(param: string, message: string, code = 'invalid_value'): never {
  throw new ApiError(400, `Invalid '${param}': ${message}`, param, code);
}

/** Checks `value` against `schema`: type, nullable, enum, required, properties, additionalProperties:false, items, lengths, bounds, oneOf/anyOf/allOf. */
export function check(schema: Schema, value: unknown, param: string): void {
  const s = resolve(schema);
  if (value === null && (s.nullable || s.type === 'null')) return;
  for (const part of s.allOf ?? []) check(part, value, param);
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!s[key]) continue;
    const errors: string[] = [];
    for (const option of s[key]) {
      try { check(option, value, param); errors.length = 0; break; } catch (error) { errors.push((error as Error).message); }
    }
    if (errors.length) fail(param, `does not match any allowed shape (${errors[0]})`);
  }
  const actual = typeOf(value);
  if (s.type && s.type !== actual && !(s.type === 'number' && actual === 'integer')) {
    if (s.format === 'binary' && actual === 'object') return;
    throw new ApiError(400, `Invalid type for '${param}': expected ${s.type}, but got ${actual} instead.`, param, 'invalid_type');
  }
  if (s.enum && !s.enum.includes(value)) fail(param, `'${String(value)}' is not one of ${s.enum.map((e: unknown) => `'${e}'`).join(', ')}.`);
  if (typeof value === 'string' && s.maxLength !== undefined && value.length > s.maxLength) fail(param, `string too long (max ${s.maxLength}).`, 'string_above_max_length');
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) fail(param, `below minimum ${s.minimum}.`, 'integer_below_min_value');
    if (s.maximum !== undefined && value > s.maximum) fail(param, `above maximum ${s.maximum}.`, 'integer_above_max_value');
  }
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems) fail(param, `array too long (max ${s.maxItems}).`, 'array_above_max_length');
    if (s.minItems !== undefined && value.length < s.minItems) fail(param, `array too short (min ${s.minItems}).`, 'array_below_min_length');
    value.forEach((item, i) => s.items && check(s.items, item, `${param}[${i}]`));
  }
  if (actual === 'object' && (s.properties || s.required)) {
    const record = value as Record<string, unknown>;
    for (const name of s.required ?? []) {
      if (record[name] === undefined) throw new ApiError(400, `Missing required parameter: '${param ? `${param}.` : ''}${name}'.`, name, 'missing_required_parameter');
    }
    for (const [name, v] of Object.entries(record)) {
      const prop = s.properties?.[name];
      if (prop) check(prop, v, param ? `${param}.${name}` : name);
      else if (s.additionalProperties === false) throw new ApiError(400, `Unrecognized request argument supplied: ${name}`, name, 'unknown_parameter');
    }
  }
}

/** Checks the query string against the operation's query parameters: known names only, values of the declared type. */
export function checkQuery(operationId: string, query: Record<string, string | string[]>): void {
  const known = QUERIES.get(operationId) ?? new Map();
  for (const [name, raw] of Object.entries(query)) {
    const schema = known.get(name);
    if (!schema) throw new ApiError(400, `Unknown query parameter: '${name}'. ${operationId} takes ${[...known.keys()].join(', ') || 'none'}.`, name, 'unknown_parameter');
    const value = Array.isArray(raw) ? raw[0] : raw;
    const type = resolve(schema).type;
    const typed = type === 'integer' || type === 'number' ? (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value) : value;
    check(schema, typed, name);
  }
}

/** Checks a request body against its operation's schema for the body's content type. */
export function checkRequestBody(operationId: string, contentType: 'application/json' | 'multipart/form-data', body: unknown): void {
  const schemas = BODIES.get(operationId);
  if (!schemas) {
    if (body !== undefined && Object.keys(body as object).length) throw new ApiError(400, `${operationId} takes no request body.`);
    return;
  }
  const schema = schemas[contentType];
  if (!schema) throw new ApiError(400, `Unsupported content type ${contentType} for ${operationId}; expected ${Object.keys(schemas).join(' or ')}.`);
  check(schema, body ?? {}, '');
}
