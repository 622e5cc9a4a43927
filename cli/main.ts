/**
 * The fedsim command line: a createCli() factory that tests build fresh, one module
 * per command, one failure handler. Bad input prints `file:path: message` lines and
 * exits 2; nothing prints a stack trace unless FEDSIM_DEBUG is set.
 */
import { isatty } from 'node:tty';
import yargs from 'yargs';
import { InvariantError } from '../engine/index';
import { EXIT_BAD_INPUT, InputProblems, UserError, type CliContext, type CliIo } from './cli-context';
import { commandModules } from './commands/index';
import { withConventions } from './command-conventions';
import { EXIT_CODES_EPILOGUE } from './help-text';
import { EXIT_OUTPUT_CLOSED, OutputClosed, writeAll } from './io/standard-streams';
import { protectDashes, restoreDashes, showDashes } from './stdin-argument';
import { packageVersion } from './io/package-version';

export interface Cli {
  /** Runs the command line `argv` (without node and script); resolves to the exit code. */
  run(argv: readonly string[]): Promise<number>;
}

export function createCli(io: CliIo): Cli {
  return {
    async run(argv) {
      const context: CliContext = { io, exitCode: 0 };
      const protectedArgv = protectDashes(argv);
      const parser = yargs(protectedArgv)
        .scriptName('fedsim')
        .usage('$0 <command> [options]\n\nA discrete-event simulator of Matrix federation: restricted-room joins and failover across residents.')
        .strict()
        .demandCommand(1, 'name a command: see fedsim --help')
        .recommendCommands()
        .help()
        .alias('h', 'help')
        .version(packageVersion())
        .epilogue(EXIT_CODES_EPILOGUE)
        .middleware(restoreDashes as never, true)
        // Asking process.stdout for its width would create its stream (and make a piped
        // stdout non-blocking); ask only a terminal.
        .wrap(Math.min(100, (isatty(1) && process.stdout.columns) || 100))
        .exitProcess(false)
        .fail((message, error) => {
          // Throwing stops yargs here; recording and returning would let it go on
          // into the command's handler with the arguments it just refused.
          // yargs' own parse errors (a missing option value, say) are usage errors; others are the handler's.
          if (error && error.name !== 'YError') throw error;
          if (error && !message) message = error.message;
          // yargs' suggestion alone ("Did you mean run?") does not say what was wrong.
          const suggestion = /^Did you mean (.+)\?$/.exec(message);
          throw new UsageError(showDashes(suggestion ? `unknown command "${argv[0]}"; did you mean ${suggestion[1]}?` : message));
        });
      for (const module of commandModules(context)) parser.command(withConventions(module) as never);
      try {
        let helpOutput = '';
        await parser.parseAsync(protectedArgv, {}, (_error, _argv, output) => {
          helpOutput = output;
        });
        if (helpOutput) io.stdout(helpOutput + '\n');
        return context.exitCode;
      } catch (error) {
        return reportFailure(io, error);
      }
    },
  };
}

/** A command line yargs refused (unknown command, missing argument, bad option). */
class UsageError extends UserError {}

function reportFailure(io: CliIo, error: unknown): number {
  // The reader of standard output went away (| head): nothing is wrong, and nothing more can be said.
  if (error instanceof OutputClosed) return EXIT_OUTPUT_CLOSED;
  if (error instanceof UsageError) {
    io.stderr(`fedsim: ${error.message}\nfedsim: see fedsim --help, or fedsim <command> --help\n`);
    return EXIT_BAD_INPUT;
  }
  if (error instanceof InputProblems) {
    io.stderr(error.lines.join('\n') + '\n');
    io.stderr(`fedsim: ${error.lines.length} problem${error.lines.length === 1 ? '' : 's'}; nothing was run\n`);
    return error.exitCode;
  }
  if (error instanceof UserError) {
    io.stderr(`fedsim: ${error.message}\n`);
    return error.exitCode;
  }
  const detail = error instanceof InvariantError ? 'an engine invariant broke (a bug in fedsim)' : 'an unexpected error (a bug in fedsim)';
  io.stderr(`fedsim: ${detail}: ${(error as Error)?.message ?? String(error)}\n`);
  if (process.env.FEDSIM_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
  else io.stderr('fedsim: set FEDSIM_DEBUG=1 for the stack trace, and please report it\n');
  return 70;
}

/** The process entry: real streams, real exit code. */
export async function main(argv: readonly string[]): Promise<void> {
  const cli = createCli({
    stdout: (text) => writeAll(1, text),
    stderr: (text) => writeAll(2, text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  });
  process.exitCode = await cli.run(argv);
}
