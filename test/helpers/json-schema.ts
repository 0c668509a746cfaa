/**
 * A JSON Schema (draft-07) checker for tests that validate our files against published
 * schemas (MCPB manifest, MCP Registry server.json): the keywords those schemas use.
 * An unknown keyword throws, so a schema update cannot silently check less.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = boolean | Record<string, any>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'example', 'examples', 'default', 'definitions', '$comment', 'deprecated', 'readOnly', 'writeOnly']);
const FORMATS: Record<string, (value: string) => boolean> = {
  uri: (value) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value),
  email: (value) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value),
  'date-time': (value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d\d-\d\dT/.test(value),
};

/** Every violation of `root` by `value`, as "path: problem" lines; empty when valid. */
export function schemaErrors(root: SchemaNode, value: unknown): string[] {
  const errors: string[] = [];
  check(root, value as Json, '$', root, errors);
  return errors;
}

function resolve(root: SchemaNode, ref: string): SchemaNode {
  if (!ref.startsWith('#')) throw new Error(`only local $ref are supported: ${ref}`);
  return ref.slice(1).split('/').filter(Boolean).reduce<any>((node, part) => node[part.replace(/~1/g, '/').replace(/~0/g, '~')], root);
}

function typeOf(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function check(schema: SchemaNode, value: Json, path: string, root: SchemaNode, errors: string[]): void {
  if (schema === true) return;
  if (schema === false) return void errors.push(`${path}: no value is allowed here`);
  const fail = (problem: string) => errors.push(`${path}: ${problem}`);
  for (const [keyword, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword)) continue;
    switch (keyword) {
      case '$ref': check(resolve(root, arg), value, path, root, errors); break;
      case 'type': {
        const actual = typeOf(value);
        const allowed: string[] = Array.isArray(arg) ? arg : [arg];
        if (!allowed.includes(actual) && !(actual === 'integer' && allowed.includes('number'))) fail(`must be ${allowed.join(' or ')}, is ${actual}`);
        break;
      }
      case 'enum': if (!arg.some((option: Json) => JSON.stringify(option) === JSON.stringify(value))) fail(`must be one of ${JSON.stringify(arg)}`); break;
      case 'const': if (JSON.stringify(arg) !== JSON.stringify(value)) fail(`must be ${JSON.stringify(arg)}`); break;
      case 'pattern': if (typeof value === 'string' && !new RegExp(arg, 'u').test(value)) fail(`must match ${arg}`); break;
      case 'format': if (typeof value === 'string') { const test = FORMATS[arg]; if (!test) throw new Error(`unsupported format ${arg}`); if (!test(value)) fail(`must be a ${arg}`); } break;
      case 'minLength': if (typeof value === 'string' && [...value].length < arg) fail(`must have at least ${arg} characters`); break;
      case 'maxLength': if (typeof value === 'string' && [...value].length > arg) fail(`must have at most ${arg} characters`); break;
      case 'minimum': if (typeof value === 'number' && value < arg) fail(`must be >= ${arg}`); break;
      case 'maximum': if (typeof value === 'number' && value > arg) fail(`must be <= ${arg}`); break;
      case 'minItems': if (Array.isArray(value) && value.length < arg) fail(`must have at least ${arg} items`); break;
      case 'maxItems': if (Array.isArray(value) && value.length > arg) fail(`must have at most ${arg} items`); break;
      case 'uniqueItems': if (arg && Array.isArray(value) && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('items must be unique'); break;
      case 'items': if (Array.isArray(value)) value.forEach((item, i) => check(arg, item, `${path}[${i}]`, root, errors)); break;
      case 'required': if (isObject(value)) for (const name of arg) if (!(name in value)) fail(`needs "${name}"`); break;
      case 'properties': if (isObject(value)) for (const [name, sub] of Object.entries(arg)) if (name in value) check(sub as SchemaNode, value[name], `${path}.${name}`, root, errors); break;
      case 'additionalProperties':
        if (isObject(value)) {
          for (const name of Object.keys(value)) {
            if (schema.properties && name in schema.properties) continue;
            if (arg === false) fail(`unknown property "${name}"`);
            else check(arg, value[name], `${path}.${name}`, root, errors);
          }
        }
        break;
      case 'allOf': for (const sub of arg) check(sub, value, path, root, errors); break;
      case 'anyOf': {
        const found = arg.map((sub: SchemaNode) => branchErrors(sub, value, path, root));
        if (!found.some((list: string[]) => list.length === 0)) fail(`matches none of anyOf: ${found.map((list: string[]) => list[0]).join(' | ')}`);
        break;
      }
      case 'oneOf': {
        const matches = arg.filter((sub: SchemaNode) => branchErrors(sub, value, path, root).length === 0).length;
        if (matches !== 1) fail(`must match exactly one of oneOf (matches ${matches})`);
        break;
      }
      case 'not': if (branchErrors(arg, value, path, root).length === 0) fail(`must not match ${JSON.stringify(arg)}`); break;
      default: throw new Error(`schema keyword ${keyword} is not supported by this checker (at ${path})`);
    }
  }
}

/** The errors of one branch (anyOf, oneOf, not), still resolving $ref against the whole document. */
function branchErrors(sub: SchemaNode, value: Json, path: string, root: SchemaNode): string[] {
  const errors: string[] = [];
  check(sub, value, path, root, errors);
  return errors;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
