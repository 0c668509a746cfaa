/** Icons (2025-11-25 on): tiny inline SVGs, so clients fetch nothing and lists stay small. */
import type { ToolsetName } from './types.js';

/** An MCP Icon. */
export interface Icon {
  src: string;
  mimeType?: string;
  sizes?: string[];
}

/**
 * A `data:` URI of an SVG drawn in `viewBox 0 0 8 8`. Only characters a URI may not
 * hold are escaped (<, >, #, spaces): the result is a valid `uri`, as the schema wants.
 */
function svg(body: string): string {
  const text = `<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 8 8'>${body}</svg>`;
  return `data:image/svg+xml,${text.replace(/[^\w\-.~!$&'()*+,;=:@/?]/g, (c) => encodeURIComponent(c))}`;
}

/** One colour per toolset: a rounded square, so a client's tool list reads by group. */
const TOOLSET_COLORS: Readonly<Record<ToolsetName, string>> = {
  assistants: '#10a37f',
  threads: '#3b82f6',
  messages: '#8b5cf6',
  runs: '#f59e0b',
  wait: '#ef4444',
  files: '#64748b',
  'vector-stores': '#0ea5e9',
};

const toolsetIcons = new Map<ToolsetName, Icon>();

export function toolsetIcon(toolset: ToolsetName): Icon {
  let icon = toolsetIcons.get(toolset);
  if (!icon) toolsetIcons.set(toolset, (icon = { src: svg(`<rect width='8' height='8' rx='2' fill='${TOOLSET_COLORS[toolset]}'/>`) }));
  return icon;
}

/** The server's icon: a speech bubble on the assistants green. */
export const SERVER_ICON: Icon = {
  src: svg(`<rect width='8' height='8' rx='2' fill='#10a37f'/><path d='M2 2h4v3H4L3 6V5H2z' fill='#fff'/>`),
  mimeType: 'image/svg+xml',
  sizes: ['any'],
};
