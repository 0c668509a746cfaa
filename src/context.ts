/** What a method handler gets: configuration, the backend, and this request's signal and outlets. */
import type { Backend } from './backends/types.js';
import type { Config } from './config.js';

export const LOG_LEVELS = ['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Per-connection state of the legacy (initialize) era. */
export interface Session {
  /** Negotiated by `initialize`; before that, the latest legacy revision is assumed. */
  protocolVersion: string;
  /** Set by `logging/setLevel`; no log notifications are sent until then. */
  logLevel?: LogLevel;
}

export interface ServerContext {
  config: Config;
  /** Absent when no API key is configured: tool calls then explain how to set one. */
  backend?: Backend;
  session: Session;
  /** Aborted when the client cancels the request or the connection ends. */
  signal: AbortSignal;
  /** Sends a notification to the client (progress, log messages). */
  notify: (method: string, params: Record<string, unknown>) => void;
  /** Sends `notifications/message` when the client asked for this level. */
  log: (level: LogLevel, message: string) => void;
}
