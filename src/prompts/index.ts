/**
 * Prompts: ready-made starting points a user picks in the client ("/ask-assistant"),
 * each expanding to a message that tells the model which tools to call.
 */
import { CODES, RpcError } from '../jsonrpc.js';
import { TEMPLATES } from '../resources/templates.js';

interface PromptArgument {
  name: string;
  description: string;
  required?: boolean;
}

interface Prompt {
  name: string;
  title: string;
  description: string;
  arguments: PromptArgument[];
  /** Completion values for an argument, before filtering by what the user typed. */
  complete?: Record<string, () => string[]>;
  text(args: Record<string, string>): string;
}

const PROMPTS: readonly Prompt[] = [
  {
    name: 'ask-assistant',
    title: 'Ask an assistant',
    description: 'Ask one of your assistants a question and get its answer.',
    arguments: [
      { name: 'question', description: 'What to ask.', required: true },
      { name: 'assistant_id', description: 'The assistant to ask (asst_…); omit to pick one from assistant-list.' },
    ],
    text: ({ question, assistant_id }) =>
      `${assistant_id ? `Use the assistant ${assistant_id}.` : 'Call assistant-list and pick the assistant that fits best (ask me if none fits).'} ` +
      'Call thread-create-and-run with it and this question as the message, and show me the answer. If it returns tool_calls, ' +
      'answer them with run-submit-tool-outputs-and-wait; if it timed out, call run-wait.\n\n' +
      `Question: ${question}`,
  },
  {
    name: 'create-assistant',
    title: 'Create an assistant from a template',
    description: 'Create an assistant from one of the built-in templates, adjusted to your needs.',
    arguments: [
      { name: 'template', description: `Template name: ${TEMPLATES.map((t) => t.name).join(', ')}.`, required: true },
      { name: 'changes', description: 'What to change (name, model, instructions…).' },
    ],
    complete: { template: () => TEMPLATES.map((t) => t.name) },
    text: ({ template, changes }) =>
      `Read the resource assistant://templates/${template}, apply these changes: ${changes || 'none'}, ` +
      'then call assistant-create with the result and tell me the new assistant id.',
  },
  {
    name: 'debug-run',
    title: 'Explain a run',
    description: 'Find out what a run did, where it stopped and why.',
    arguments: [
      { name: 'thread_id', description: 'The run\'s thread.', required: true },
      { name: 'run_id', description: 'The run; omit for the latest on the thread.' },
    ],
    text: ({ thread_id, run_id }) =>
      `${run_id ? `Call run-get for run ${run_id}` : 'Call run-list with limit 1'} on thread ${thread_id}, then run-step-list for it. ` +
      'Explain step by step what happened: status, tool calls and their outputs, errors (last_error) and token usage, ' +
      'and what I should do next if it did not complete.',
  },
];

const BY_NAME: ReadonlyMap<string, Prompt> = new Map(PROMPTS.map((p) => [p.name, p]));

/** `prompts/list` entries. */
export function promptListing() {
  return PROMPTS.map(({ name, title, description, arguments: args }) => ({ name, title, description, arguments: args }));
}

/** `prompts/get`: the prompt's message with the arguments filled in. */
export function getPrompt(name: unknown, args: unknown) {
  const prompt = findPrompt(name);
  const values = (typeof args === 'object' && args !== null ? args : {}) as Record<string, unknown>;
  const missing = prompt.arguments.filter((a) => a.required && typeof values[a.name] !== 'string').map((a) => a.name);
  if (missing.length) throw new RpcError(CODES.INVALID_PARAMS, `Prompt ${prompt.name} needs the argument(s) ${missing.join(', ')}`);
  const strings = Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { description: prompt.description, messages: [{ role: 'user', content: { type: 'text', text: prompt.text(strings) } }] };
}

/** `completion/complete` for a prompt argument: known values starting with what was typed. */
export function completePromptArgument(name: unknown, argument: unknown, typed: unknown) {
  const prompt = findPrompt(name);
  if (typeof argument !== 'string' || !prompt.arguments.some((a) => a.name === argument)) {
    throw new RpcError(CODES.INVALID_PARAMS, `Prompt ${prompt.name} has no argument ${JSON.stringify(argument)}`);
  }
  return completion(prompt.complete?.[argument]?.() ?? [], typed);
}

/** A `completion/complete` result: the known values starting with what was typed (at most 100). */
export function completion(known: readonly string[], typed: unknown) {
  const prefix = typeof typed === 'string' ? typed : '';
  const values = known.filter((v) => v.startsWith(prefix));
  return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
}

function findPrompt(name: unknown): Prompt {
  const prompt = typeof name === 'string' ? BY_NAME.get(name) : undefined;
  if (!prompt) throw new RpcError(CODES.INVALID_PARAMS, `Unknown prompt ${JSON.stringify(name)}. Available prompts: ${PROMPTS.map((p) => p.name).join(', ')}`);
  return prompt;
}
