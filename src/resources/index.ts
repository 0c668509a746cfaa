/** The resource table: assistant templates, workflow examples and docs. */
import { DOCS } from './docs.js';
import { FILE_TEMPLATES } from './files.js';
import { TEMPLATES } from './templates.js';
import type { Resource } from './types.js';
import { WORKFLOWS } from './workflows.js';

export const RESOURCES: readonly Resource[] = [...TEMPLATES, ...WORKFLOWS, ...DOCS];

const BY_URI: ReadonlyMap<string, Resource> = new Map(RESOURCES.map((r) => [r.uri, r]));

export function findResource(uri: string): Resource | undefined {
  return BY_URI.get(uri);
}

/** The `resources/list` entry of a resource: everything but its text. */
export function resourceListing({ text, ...entry }: Resource) {
  return { ...entry, size: new TextEncoder().encode(text).length };
}

/** Templates whose expansions `resources/read` serves. */
export const RESOURCE_TEMPLATES = [
  {
    uriTemplate: 'assistant://templates/{name}',
    name: 'assistant-template',
    title: 'Assistant template',
    description: `Arguments for assistant-create. Names: ${TEMPLATES.map((t) => t.name).join(', ')}.`,
    mimeType: 'application/json',
  },
  ...FILE_TEMPLATES,
] as const;
