/** What a method handler gets: configuration, the backend, and this request's signal and outlets. */
import { redact } from './errors.js';
import type { ServerCore } from './server.js';

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Per-connection state of the legacy (initialize) era, or one modern request's declarations. */
export interface Session {
  /** Negotiated by `initialize` (before that, the latest legacy revision), or declared in a modern request's `_meta`. */
  protocolVersion: string;
  /** Set by `logging/setLevel` or a modern request's `_meta`; no log notifications are sent without it. */
  logLevel?: LogLevel;
  /** What the client declared at `initialize` (e.g. `roots`). */
  clientCapabilities?: Record<string, unknown>;
}

/** The core (configuration, backend, tool selection) plus this request's session and outlets. */
export interface ServerContext extends ServerCore {
  session: Session;
  /** Aborted when the client cancels the request or the connection ends. */
  signal: AbortSignal;
  /** Sends a notification to the client (progress, log messages). */
  notify: (method: string, params: Record<string, unknown>) => void;
  /** Sends `notifications/message` when the client asked for this level. */
  log: (level: LogLevel, message: string) => void;
  /** Sends a request to the client and waits for its answer; absent where responses cannot come back (stateless HTTP). */
  requestClient?: (method: string, params: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>;
}

/** The `log` of a context: sends `notifications/message` at or above the session's level, redacted. */
export function createLog(session: Session, notify: ServerContext['notify'], apiKey: string | undefined): ServerContext['log'] {
  return (level, message) => {
    if (session.logLevel && LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(session.logLevel)) {
      notify('notifications/message', { level, logger: 'openai-assistants-mcp', data: redact(message, apiKey) });
    }
  };
}
