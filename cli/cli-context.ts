/**
 * What a command handler may touch: output streams and the exit code. Handlers
 * never call process.exit; main() sets process.exitCode from here, and tests pass
 * a context that captures everything.
 */

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress bars and colour only then). */
  stderrIsTTY: boolean;
  /** Working directory that relative paths are resolved against. */
  cwd: string;
}

export interface CliContext {
  io: CliIo;
  exitCode: number;
}

/** Exit codes: 0 all good, 1 the checked thing failed (expectations, lint errors, tests), 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

/** A problem the user must fix before the command can run: printed as is, exit 2, no stack trace. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, readonly exitCode = EXIT_BAD_INPUT) {
    super(message);
  }
}

/** Problems with input files, each already formatted as `file:path: message`. */
export class InputProblems extends UserError {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}
