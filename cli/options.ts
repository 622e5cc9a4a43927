/**
 * The options every command spells the same way: `-o/--out FILE` for the file a
 * command writes (`-` for standard output), `--format NAME` for the form of what
 * it prints, `--force` to replace a file fedsim did not write. Names used before
 * this convention (`--report`, `--output`, `--json`) still work, hidden from
 * `--help`, so scripts written against them keep running.
 */
import type { Argv } from 'yargs';
import { UserError } from './cli-context';

/** Adds `-o/--out` and its hidden old names. */
export function withOutOption<T>(yargs: Argv<T>, describe: string, oldNames: readonly string[] = []): Argv<T> {
  let y = yargs.option('out', { alias: 'o', type: 'string', describe, requiresArg: true }) as Argv<T>;
  for (const name of oldNames) y = y.option(name, { type: 'string', hidden: true, requiresArg: true }) as Argv<T>;
  return y;
}

/** Adds `--format` with `choices` (the first is the default) and, when `jsonFlag`, the hidden `--json` meaning `--format json`. */
export function withFormatOption<T>(yargs: Argv<T>, choices: readonly string[], describe: string, jsonFlag = true): Argv<T> {
  let y = yargs.option('format', { type: 'string', choices: [...choices], describe, requiresArg: true }) as Argv<T>;
  if (jsonFlag) y = y.option('json', { type: 'boolean', hidden: true }) as Argv<T>;
  return y;
}

/** The file `--out` (or one of its old names) asks for; two different ones are refused. */
export function outPath(args: Record<string, unknown>, oldNames: readonly string[] = []): string | undefined {
  const given = ['out', ...oldNames].filter((name) => typeof args[name] === 'string') as string[];
  const paths = [...new Set(given.map((name) => args[name] as string))];
  if (paths.length > 1) throw new UserError(`--${given.join(' and --')} name two outputs for one file; give --out once`);
  return paths[0];
}

/** The format asked for by `--format` or the old `--json`; `fallback` when neither. */
export function formatOf<F extends string>(args: Record<string, unknown>, fallback: F): F {
  const format = args.format as F | undefined;
  if (args.json === true && format !== undefined && format !== 'json') throw new UserError(`--json and --format ${format} disagree; give --format once`);
  return format ?? (args.json === true ? ('json' as F) : fallback);
}
