/** One static MCP resource. */
export interface Resource {
  uri: string;
  /** Short machine-friendly name, e.g. `coding-assistant`. */
  name: string;
  title: string;
  description: string;
  mimeType: 'application/json' | 'text/markdown';
  text: string;
}
