/** CLI flags: each option's flag and the argv parser. The Worker reads only its vars, so it bundles none of this. */
import { OPTIONS, type Option } from './config-options.js';

/** The option's CLI flag: as the table names it, or `--` and its variable's name without OPENAI_/MCP_, in lower case with dashes. */
export function flagOf(option: Option): string | undefined {
  if (option.flag === false) return undefined;
  return option.flag ?? `--${option.env.replace(/^(OPENAI|MCP)_/, '').toLowerCase().replaceAll('_', '-')}`;
}

/** Calls `set` for each flag in `argv`, in order. Throws a user-facing message on an unknown flag or a missing value. */
export function applyFlags(argv: readonly string[], set: (option: Option, value: string, flag: string) => void): void {
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const option = OPTIONS.find((o) => flagOf(o) === flag);
    if (!option) throw new Error(`Unknown option ${flag}. Run with --help to see the options.`);
    const value = inline ?? option.flagAlone ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value.`);
    set(option, value, flag);
  }
}
