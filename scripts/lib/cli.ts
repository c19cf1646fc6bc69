/**
 * One argument convention for every CLI of the guide, over node:util
 * parseArgs: `--help` prints the usage, the options and an example (exit 0);
 * an unknown option or an option without its value prints one line and the
 * usage (exit 2); a config mistake or a refusal that carries its exit code
 * prints its message without a stack trace (each CLI's main catches its own
 * domain errors and returns a code); anything else is a bug, printed with a
 * line saying so and the stack.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how the command was called: exit 2, one message, no stack. */
export class CliUsageError extends Error {}

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  multiple?: boolean;
  /** One line for --help. */
  help: string;
  /** The value's placeholder for --help, e.g. <dir>. */
  value?: string;
}

export interface CliSpec {
  /** The npm script, e.g. `npm run synth`. */
  command: string;
  /** What follows the command in the usage line, e.g. `[-- --profile P] [--out DIR]`. */
  synopsis: string;
  /** One or two sentences for --help. */
  description: string;
  options: Record<string, OptionSpec>;
  positionals?: { min?: number; max?: number; help?: string };
  example: string;
}

export function usageLine(spec: CliSpec): string {
  return `usage: ${spec.command} ${spec.synopsis}`.trimEnd();
}

export function helpText(spec: CliSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.value ?? '<value>'}` : ''}`, `${o.help}${o.default !== undefined && o.default !== false ? ` (default: ${o.default})` : ''}`] as const);
  rows.push(['-h, --help', 'print this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [usageLine(spec), '', spec.description, '', 'Options:', ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`), ...(spec.positionals?.help ? ['', spec.positionals.help] : []), '', `Example: ${spec.example}`].join('\n');
}

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses argv by the spec, or throws a CliUsageError naming what is wrong. Answers --help itself (returns undefined). */
export function parseCli(spec: CliSpec, argv: string[]): Parsed | undefined {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(helpText(spec));
    return undefined;
  }
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(spec.options)) options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}), ...(o.default !== undefined ? { default: o.default as never } : {}) };
  let parsed: Parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: spec.positionals !== undefined, strict: true }) as Parsed;
  } catch (error) {
    // parseArgs says "Unknown option '--x'. To specify a positional argument starting with a '-', …": the first sentence is the news.
    throw new CliUsageError(String((error as Error).message).split(/\.\s/)[0]!.replace(/\.$/, ''));
  }
  for (const [name, o] of Object.entries(spec.options)) {
    const v = parsed.values[name];
    if (o.type === 'string' && (v === '' || (Array.isArray(v) && v.includes('')))) throw new CliUsageError(`--${name} needs a value${o.value ? ` (${o.value})` : ''}; it was given an empty one`);
  }
  const n = parsed.positionals.length;
  const { min = 0, max = spec.positionals ? Infinity : 0 } = spec.positionals ?? {};
  if (n < min || n > max) throw new CliUsageError(n < min ? 'missing arguments' : `unexpected argument${n - max > 1 ? 's' : ''}: ${parsed.positionals.slice(max).join(' ')}`);
  for (const p of parsed.positionals) if (p === '') throw new CliUsageError('an argument is empty');
  return parsed;
}

/**
 * Runs a CLI's main with the convention: parse (or answer --help), run, map
 * errors to exit codes and messages. main returns the exit code.
 */
export function runCli(spec: CliSpec, main: (args: Parsed) => Promise<number> | number, argv: string[] = process.argv.slice(2)): void {
  const name = spec.command.replace(/^npm run /, '');
  const finish = (code: number) => {
    process.exitCode = code;
  };
  const fail = (error: unknown) => {
    const err = error as Error & { exitCode?: number; problems?: unknown };
    if (err instanceof CliUsageError) {
      console.error(`${name}: ${err.message}\n${usageLine(spec)}\n(${spec.command} -- --help lists the options)`);
      return finish(2);
    }
    // A config mistake (ConfigError carries its problems) or a tool's refusal that knows its exit code.
    if (Array.isArray(err?.problems) || typeof err?.exitCode === 'number') {
      console.error(err.message);
      return finish(typeof err.exitCode === 'number' ? err.exitCode : 1);
    }
    console.error(`${name}: internal error (a bug; please report it with the lines below)\n${err?.stack ?? String(error)}`);
    return finish(1);
  };
  let parsed: Parsed | undefined;
  try {
    parsed = parseCli(spec, argv);
  } catch (error) {
    return fail(error);
  }
  if (!parsed) return finish(0);
  Promise.resolve()
    .then(() => main(parsed))
    .then(finish, fail);
}
