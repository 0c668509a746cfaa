/**
 * Schema portability checks, as tool consumers apply them:
 * - the MCP Inspector's tool-schema lint (inspector PR #2121, `core/json/schemaLint.ts`):
 *   an array-form `type` (rule `type-union`), `if`/`then`/`else`, and bare `true`/`false`
 *   where a schema is expected (what Claude Code rejects in an outputSchema);
 * - input arrays without `items` (VS Code rejects such tool input schemas);
 * - for input schemas, the JSON-Schema subset that OpenAI function calling and Gemini
 *   function declarations both take: a closed keyword list, one string `type` per schema,
 *   typed string enums, every `anyOf` branch typed, no `$ref`/`$defs`, no combinators at the root.
 */

/** Keywords both OpenAI function calling and Gemini (OpenAPI-subset `parameters`) accept. */
const INPUT_KEYWORDS = new Set(['type', 'description', 'properties', 'required', 'items', 'enum', 'anyOf', 'minimum', 'maximum', 'nullable', 'format']);
const TYPES = new Set(['object', 'array', 'string', 'number', 'integer', 'boolean', 'null']);

export interface Finding {
  path: string;
  rule: string;
}

/** Problems that would make the Inspector warn, or a client reject the schema. */
export function portabilityFindings(schema: unknown, path = '', input = false): Finding[] {
  const findings: Finding[] = [];
  walk(schema, path, input, findings, true);
  return findings;
}

/** Object schemas with no `properties` (free-form objects): Gemini's OpenAPI-subset `parameters` wants properties on every object. */
export function freeFormObjects(schema: any, path = ''): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const here = schema.type === 'object' && !schema.properties ? [path] : [];
  const nested = [
    ...Object.entries(schema.properties ?? {}).flatMap(([key, sub]) => freeFormObjects(sub, `${path}.${key}`)),
    ...(schema.items ? freeFormObjects(schema.items, `${path}[]`) : []),
    ...(schema.anyOf ?? []).flatMap((sub: unknown, i: number) => freeFormObjects(sub, `${path}|${i}`)),
  ];
  return [...here, ...nested];
}

function walk(schema: unknown, path: string, input: boolean, findings: Finding[], root = false): void {
  if (typeof schema === 'boolean') return void findings.push({ path, rule: 'boolean-schema' });
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return void findings.push({ path, rule: 'not-a-schema' });
  const s = schema as Record<string, any>;
  if (Array.isArray(s.type)) findings.push({ path, rule: 'type-union' });
  for (const keyword of ['if', 'then', 'else']) if (keyword in s) findings.push({ path, rule: 'conditional' });
  if (input) {
    if (s.type === 'array' && s.items === undefined) findings.push({ path, rule: 'array-without-items' });
    for (const keyword of Object.keys(s)) if (!INPUT_KEYWORDS.has(keyword)) findings.push({ path: `${path}.${keyword}`, rule: 'keyword-outside-subset' });
    if (s.type !== undefined && !TYPES.has(s.type)) findings.push({ path, rule: 'unknown-type' });
    if (s.type === undefined && s.anyOf === undefined) findings.push({ path, rule: 'untyped' });
    if (s.enum && (s.type !== 'string' || !s.enum.every((v: unknown) => typeof v === 'string'))) findings.push({ path, rule: 'enum-not-string' });
    if (root && (s.type !== 'object' || s.anyOf)) findings.push({ path, rule: 'root-not-plain-object' });
    for (const branch of s.anyOf ?? []) if (branch?.type === undefined) findings.push({ path, rule: 'anyof-branch-untyped' });
  }
  for (const [key, sub] of Object.entries(s.properties ?? {})) walk(sub, `${path}.${key}`, input, findings);
  if (s.items !== undefined) walk(s.items, `${path}[]`, input, findings);
  (s.anyOf ?? []).forEach((sub: unknown, i: number) => walk(sub, `${path}|${i}`, input, findings));
  if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, `${path}{}`, input, findings);
}
