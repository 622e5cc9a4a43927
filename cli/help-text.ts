/**
 * What every command's `--help` ends with: two or three examples and the exit
 * codes, so a user (or a CI script) learns what the numbers mean where they look.
 */
import type { Argv } from 'yargs';

/** The exit codes every command shares (cli-context.ts defines them). */
export const EXIT_CODES_EPILOGUE = [
  'Exit codes:',
  '  0    done; every check passed',
  '  1    a checked thing failed (an expectation, a lint finding, a scenario test)',
  '  2    bad input or usage: every problem is printed as file:path: message',
  '  70   a bug in fedsim (FEDSIM_DEBUG=1 shows the stack trace)',
  '  130, 143  stopped by Ctrl-C or SIGTERM (partial output files are removed)',
  '  141  standard output was closed by its reader (as in | head)',
].join('\n');

/** Adds `examples` ([command line, what it does]) to a command's help; main() adds the exit codes to every command's. */
export function withExamples<T>(yargs: Argv<T>, examples: ReadonlyArray<readonly [string, string]>): Argv<T> {
  let y = yargs;
  for (const [command, description] of examples) y = y.example(command, description);
  return y;
}
