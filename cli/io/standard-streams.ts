/**
 * The one writer of the process's standard output and error. It writes straight
 * to the file descriptor, so a reader that went away (`fedsim run --json | head`)
 * is seen at the write that failed, as an OutputClosed error the command unwinds
 * with (its partial files removed), and main() ends quietly with the status a
 * shell gives a command stopped by SIGPIPE. A stream's 'error' event would come
 * only after the command had written everything, as a stack trace.
 */
import { writeSync } from 'node:fs';

/** The exit status of a command whose standard output was closed: 128 + SIGPIPE, as shells report it. */
export const EXIT_OUTPUT_CLOSED = 141;

/** Standard output was closed by its reader; nothing more can be said there. */
export class OutputClosed extends Error {
  override name = 'OutputClosed';
  constructor() {
    super('standard output was closed');
  }
}

/** Lets a blocked pipe drain without spinning the CPU (a synchronous sleep). */
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes all of `text` to `fd`. A pipe made non-blocking by anyone (Node does so
 * for its own stdout handle) answers EAGAIN while full: wait a millisecond and go
 * on. EPIPE on stdout throws OutputClosed; on stderr it is dropped (there is
 * nowhere left to say anything).
 */
export function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 1);
        continue;
      }
      if (code === 'EPIPE' || code === 'ECONNRESET' || code === 'EBADF') {
        if (fd === 1) throw new OutputClosed();
        return;
      }
      throw error;
    }
  }
}
