/**
 * The operator's log: leveled lines for stderr (Node) or the console (Worker), apart from
 * the MCP `notifications/message` a client asks for. Lines never hold an argument value;
 * the API key is redacted anyway, in case an upstream error echoes it.
 */
import { redact } from './errors.js';

/** Thresholds, quietest last; `off` silences everything. */
export const SERVER_LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'off'] as const;
export type ServerLogLevel = (typeof SERVER_LOG_LEVELS)[number];

/** Writes one line at `level` when the threshold allows it. */
export type Logger = (level: Exclude<ServerLogLevel, 'off'>, message: string) => void;

/** A logger that drops everything (embedding without a log). */
export const silentLogger: Logger = () => {};

/**
 * A logger writing `<ISO time> <level> <message>` lines through `write`.
 * @param now the clock (ms since the epoch), injected like every runtime service.
 */
export function createLogger(threshold: ServerLogLevel, write: (line: string) => void, now: () => number, secret?: string): Logger {
  const min = SERVER_LOG_LEVELS.indexOf(threshold);
  return (level, message) => {
    if (SERVER_LOG_LEVELS.indexOf(level) < min) return;
    write(`${isoTime(now())} ${level} ${redact(message, secret)}`);
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * `new Date(ms).toISOString()`, from the UTC fields: V8's toISOString loads the time zone
 * database on its first call (~1.3 ms of stdio startup, for the banner) though its answer is UTC.
 */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}Z`;
}

/** Client-chosen names (methods, tools) are logged only when they look like names. */
export function safeName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_./-]{1,64}$/.test(value) ? value : value === undefined ? undefined : '(invalid)';
}
