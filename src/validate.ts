/**
 * A JSON-Schema subset interpreter: the tool schemas published in `tools/list` are
 * the only copy of the argument rules, and this checks values against them.
 */

/** The keywords this server's schemas use. */
export interface Schema {
  type?: JsonType | readonly JsonType[];
  title?: string;
  description?: string;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  propertyNames?: Schema;
  maxProperties?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  enum?: readonly unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  anyOf?: readonly Schema[];
  /** When the value matches `if`, it must also match `then`. */
  if?: Schema;
  then?: Schema;
  examples?: readonly unknown[];
  default?: unknown;
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** One problem: where (`tools[0].function.name`), and a sentence saying rule, received value and example. */
export interface Issue {
  path: string;
  message: string;
}

/** Returns every problem found; an empty list means the value conforms. */
export function validate(schema: Schema, value: unknown, path = ''): Issue[] {
  const issues: Issue[] = [];
  check(schema, value, path, issues);
  return issues;
}

/** A value that satisfies the schema, for use in error messages. */
export function exampleOf(schema: Schema): unknown {
  if (schema.examples?.length) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.anyOf?.length) return exampleOf(schema.anyOf[0]);
  switch (primaryType(schema)) {
    case 'string': return 'text';
    case 'integer':
    case 'number': return schema.minimum ?? schema.maximum ?? 1;
    case 'boolean': return true;
    case 'array': return schema.items ? [exampleOf(schema.items)] : [];
    case 'object': return requiredExample(schema);
    default: return null;
  }
}

function check(schema: Schema, value: unknown, path: string, issues: Issue[]): void {
  if (schema.anyOf) return checkAnyOf(schema, value, path, issues);
  const types = typesOf(schema);
  if (types && !types.some((t) => hasType(value, t))) {
    return fail(issues, path, `must be ${types.map(article).join(' or ')}`, value, schema);
  }
  if (schema.const !== undefined && value !== schema.const) {
    return fail(issues, path, `must be ${JSON.stringify(schema.const)}`, value, schema);
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return fail(issues, path, `must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`, value, schema);
  }
  if (schema.if && schema.then && validate(schema.if, value, path).length === 0) check(schema.then, value, path, issues);
  if (typeof value === 'string') checkString(schema, value, path, issues);
  else if (typeof value === 'number') checkNumber(schema, value, path, issues);
  else if (Array.isArray(value)) checkArray(schema, value, path, issues);
  else if (value !== null && typeof value === 'object') checkObject(schema, value as Record<string, unknown>, path, issues);
}

function checkAnyOf(schema: Schema, value: unknown, path: string, issues: Issue[]): void {
  const branches = schema.anyOf ?? [];
  const results = branches.map((branch) => validate(branch, value, path));
  if (results.some((r) => r.length === 0)) return;
  // Report the branch whose type matched: its complaint is the specific one.
  const typed = branches.findIndex((branch) => typesOf(branch)?.some((t) => hasType(value, t)));
  if (typed >= 0) {
    issues.push(...results[typed]);
    return;
  }
  const expected = branches.map((b) => typesOf(b)?.map(article).join(' or ') ?? 'a valid value').join(', or ');
  fail(issues, path, `must be ${expected}`, value, schema);
}

function checkString(schema: Schema, value: string, path: string, issues: Issue[]): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    fail(issues, path, `must be at least ${schema.minLength} character(s) long`, value, schema);
  } else if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    fail(issues, path, `must be at most ${schema.maxLength} characters long (got ${value.length})`, value, schema);
  } else if (schema.pattern !== undefined && !compiled(schema.pattern).test(value)) {
    fail(issues, path, `must match the pattern ${schema.pattern}`, value, schema);
  }
}

function checkNumber(schema: Schema, value: number, path: string, issues: Issue[]): void {
  const { minimum: min, maximum: max } = schema;
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const range = min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
    fail(issues, path, `must be ${range}`, value, schema);
  }
}

function checkArray(schema: Schema, value: unknown[], path: string, issues: Issue[]): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    return fail(issues, path, `must have at least ${schema.minItems} item(s)`, value, schema);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    return fail(issues, path, `must have at most ${schema.maxItems} item(s) (got ${value.length})`, value, schema);
  }
  if (schema.items) value.forEach((item, i) => check(schema.items as Schema, item, `${path}[${i}]`, issues));
}

function checkObject(schema: Schema, value: Record<string, unknown>, path: string, issues: Issue[]): void {
  const keys = Object.keys(value);
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    fail(issues, path, `must have at most ${schema.maxProperties} entries (got ${keys.length})`, value, schema);
  }
  for (const name of schema.required ?? []) {
    if (own(value, name) === undefined) {
      const sub = own(schema.properties, name) ?? {};
      issues.push({ path: join(path, name), message: `${join(path, name)} is required. Example: ${show(exampleOf(sub))}` });
    }
  }
  for (const key of keys) {
    const keyPath = join(path, key);
    if (schema.propertyNames) {
      for (const issue of validate(schema.propertyNames, key, keyPath)) {
        issues.push({ path: keyPath, message: issue.message.replace(/^\S+/, `the key of ${keyPath}`) });
      }
    }
    const sub = own(schema.properties, key);
    if (sub) check(sub, value[key], keyPath, issues);
    else if (schema.additionalProperties === false) {
      const known = Object.keys(schema.properties ?? {});
      issues.push({ path: keyPath, message: `${keyPath} is not a known parameter. Known: ${known.join(', ') || 'none'}` });
    } else if (typeof schema.additionalProperties === 'object') check(schema.additionalProperties, value[key], keyPath, issues);
  }
}

function fail(issues: Issue[], path: string, rule: string, value: unknown, schema: Schema): void {
  issues.push({ path, message: `${path || 'arguments'} ${rule}; received ${describe(value)}. Example: ${show(exampleOf(schema))}` });
}

const patterns = new Map<string, RegExp>();
function compiled(pattern: string): RegExp {
  let regexp = patterns.get(pattern);
  if (!regexp) patterns.set(pattern, (regexp = new RegExp(pattern, 'u')));
  return regexp;
}

function typesOf(schema: Schema): readonly JsonType[] | undefined {
  return typeof schema.type === 'string' ? [schema.type] : schema.type;
}

function primaryType(schema: Schema): JsonType | undefined {
  return typesOf(schema)?.find((t) => t !== 'null');
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'null': return value === null;
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    default: return typeof value === type;
  }
}

function requiredExample(schema: Schema): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of schema.required ?? []) out[name] = exampleOf(own(schema.properties, name) ?? {});
  return out;
}

function article(type: JsonType): string {
  return type === 'null' ? 'null' : type === 'array' || type === 'object' || type === 'integer' ? `an ${type}` : `a ${type}`;
}

/** `record[key]` when it is the record's own: `constructor`, `__proto__` or `toString` must not find Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** A short rendering of a received value: never the whole of a long string. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string' && value.length > 60) return `a string of ${value.length} characters`;
  const text = JSON.stringify(value) ?? String(value);
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return text.length > 60 ? `${kind === 'object' ? 'an object' : `an ${kind}`} (${text.slice(0, 40)}…)` : `${kind === 'string' || kind === 'null' ? '' : `${kind} `}${text}`;
}

function show(example: unknown): string {
  return JSON.stringify(example);
}
