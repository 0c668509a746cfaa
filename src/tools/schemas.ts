/**
 * Schema fragments shared by the tool definitions. The rules (limits, enums,
 * patterns) come from the official Assistants v2 OpenAPI spec; each lives here once.
 */
import type { Schema } from '../validate.js';
import { briefly, unpublished } from './listing.js';

/** IDs go into URL paths, so only letters, digits, `_` and `-` are accepted (no `/`, `.`, `%`). */
const SAFE_ID_PATTERN = '^[\\w-]{1,256}$';

export function id(prefix: string): Schema {
  return { type: 'string', pattern: SAFE_ID_PATTERN, examples: [`${prefix}_abc123`] };
}

export const IDS = {
  assistant_id: id('asst'),
  // Both backends take a conv_ id (the responses backend refuses the shut-down API's thread_ ids).
  thread_id: id('conv'),
  message_id: id('msg'),
  run_id: id('run'),
  step_id: id('step'),
} as const;

export const metadata: Schema = {
  type: 'object',
  maxProperties: 16,
  propertyNames: { maxLength: 64 },
  additionalProperties: { type: 'string', maxLength: 512 },
  examples: [{ k: 'v' }],
};

export const model: Schema = { type: 'string', minLength: 1, examples: ['gpt-4o'] };
export const temperature: Schema = { type: 'number', minimum: 0, maximum: 2, examples: [0.7] };
// Accepted but not published: temperature covers what models adjust (OpenAI advises changing one, not both).
export const topP: Schema = unpublished({ type: 'number', minimum: 0, maximum: 1, examples: [0.9] });
export const reasoningEffort: Schema = { enum: ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] };

const functionName: Schema = { type: 'string', pattern: '^[\\w-]{1,64}$', examples: ['get_weather'] };

const toolDefinition: Schema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['code_interpreter', 'file_search', 'function'] },
    function: { type: 'object', required: ['name'], properties: { name: functionName, parameters: { type: 'object' } } },
  },
  if: { properties: { type: { const: 'function' } } },
  then: { required: ['function'] },
  examples: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
};

/** `tools` on an assistant (≤128) or a run override (≤20). */
export function tools(maxItems: number): Schema {
  return briefly({ type: 'array', maxItems, items: toolDefinition }, {
    type: 'array',
    items: { type: 'object' },
    description: '[{type: "code_interpreter"|"file_search"|"function", function?: {name, parameters}}]',
  });
}

const fileIds = (maxItems: number): Schema => ({ type: 'array', maxItems, items: { type: 'string' } });

/** `tool_resources`; `withNewVectorStores` adds the create-time `vector_stores` helper. */
export function toolResources(withNewVectorStores: boolean): Schema {
  const fileSearch: Record<string, Schema> = { vector_store_ids: fileIds(1) };
  if (withNewVectorStores) fileSearch.vector_stores = { type: 'array', maxItems: 1, items: { type: 'object' } };
  return briefly({
    type: 'object',
    properties: {
      code_interpreter: { type: 'object', properties: { file_ids: fileIds(20) } },
      file_search: { type: 'object', properties: fileSearch },
    },
  }, { type: 'object', description: '{code_interpreter: {file_ids}, file_search: {vector_store_ids}}' });
}

export const responseFormat: Schema = briefly({
  anyOf: [{ type: 'string', enum: ['auto'] }, { type: 'object', required: ['type'], properties: { type: { enum: ['text', 'json_object', 'json_schema'] } } }],
}, { anyOf: [{ type: 'string', enum: ['auto'] }, { type: 'object', description: '{type: "text"|"json_object"|"json_schema"}' }] });

export const toolChoice: Schema = briefly({
  anyOf: [
    { type: 'string', enum: ['none', 'auto', 'required'] },
    { type: 'object', required: ['type'], properties: { type: { enum: ['function', 'code_interpreter', 'file_search'] } } },
  ],
}, { anyOf: [{ type: 'string', enum: ['none', 'auto', 'required'] }, { type: 'object', description: '{type, function?: {name}}' }] });

export const truncationStrategy: Schema = briefly({
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['auto', 'last_messages'] }, last_messages: { type: 'integer', minimum: 1 } },
}, { type: 'object', description: '{type: "auto"|"last_messages", last_messages?}' });

export const messageContent: Schema = briefly({
  anyOf: [
    { type: 'string', minLength: 1, examples: ['Hello!'] },
    {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['text', 'image_url', 'image_file'] }, text: { type: 'string' }, image_url: { type: 'object' }, image_file: { type: 'object' } },
      },
    },
  ],
}, {
  anyOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'object' }, description: 'Parts: {type: "text", text}, {type: "image_url", image_url: {url}}, {type: "image_file", image_file: {file_id}}' },
  ],
});

export const role: Schema = { enum: ['user', 'assistant'] };

export const attachments: Schema = briefly({
  type: 'array',
  items: {
    type: 'object',
    required: ['file_id', 'tools'],
    properties: {
      file_id: { type: 'string' },
      tools: { type: 'array', items: { type: 'object', properties: { type: { enum: ['code_interpreter', 'file_search'] } } } },
    },
  },
}, { type: 'array', items: { type: 'object' }, description: '[{file_id, tools: [{type: "file_search"|"code_interpreter"}]}]' });

/** A message given inline (thread-create `messages`, run-create `additional_messages`); the details are message-create's. */
export const inlineMessage: Schema = briefly({
  type: 'object',
  required: ['role', 'content'],
  properties: { role, content: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] } },
  examples: [{ role: 'user', content: 'Hello!' }],
}, { type: 'object', description: '{role: "user"|"assistant", content}' });

export const include: Schema = {
  type: 'array',
  items: { enum: ['step_details.tool_calls[*].file_search.results[*].content'] },
};

/** `include` where it only shapes run steps the tool does not return (run-create). */
export const includeForSteps: Schema = unpublished({ ...include });

/** Cursor-pagination parameters of every list operation. */
export const pagination = {
  limit: briefly({ type: 'integer', minimum: 1, maximum: 100 }, { type: 'integer', maximum: 100 }),
  order: { enum: ['asc', 'desc'] },
  // Cursors go into the query string, which encodes them: no path-safety rule needed.
  after: { type: 'string' },
  // Paging backwards: accepted, not published (lists page forwards with after).
  before: unpublished({ type: 'string' }),
} as const satisfies Record<string, Schema>;
