/**
 * Writing output files whole or not at all: content goes to a temporary file next
 * to the target and is renamed over it only when complete. An existing file is
 * replaced only when it is an earlier fedsim output (or `--force`), and never when
 * it is one of the command's inputs, so nothing a user wrote is lost.
 */
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, writeSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../cli-context';

export interface OutputOptions {
  force?: boolean;
  /** Paths of the command's inputs; writing over one is always refused. */
  inputs?: readonly string[];
}

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** Whether `path` starts like something fedsim wrote (a report, a trace line, a generated scenario, a sweep report or table). */
function looksLikeFedsimOutput(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(512);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, n).toString('utf8');
    return (
      /^\s*\{\s*"fedsim"\s*:\s*1/.test(head) ||
      /^\{"t":\d+,"type":"/.test(head) ||
      /^# written by fedsim/.test(head) ||
      // sweep.json, and sweep.csv by its header (a comment line would break CSV readers).
      /^\s*\{\s*"fedsim"\s*:\s*"[^"]*"\s*,\s*"sweepFormat"\s*:/.test(head) ||
      /^[^\n]*(^|,)runs,joins_mean,joins_lo,joins_hi,/.test(head)
    );
  } finally {
    closeSync(fd);
  }
}

/** Checks that `path` may be written; throws a UserError saying why not. */
export function checkWritable(path: string, options: OutputOptions = {}): void {
  for (const input of options.inputs ?? []) {
    if (existsSync(path) && samePath(path, input)) throw new UserError(`${path}: refusing to write over an input file`);
  }
  if (existsSync(path) && !options.force && !looksLikeFedsimOutput(path)) {
    throw new UserError(`${path}: exists and was not written by fedsim; pass --force to replace it`);
  }
}

/** A file being written: chunks are buffered and land under the final name only on commit(). */
export class OutputFile {
  private readonly temporary: string;
  private fd: number;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(readonly path: string, options: OutputOptions = {}) {
    checkWritable(path, options);
    this.temporary = join(dirname(resolve(path)), `.${basename(path)}.${process.pid}.partial`);
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      throw new UserError(`${path}: cannot write: ${(error as Error).message}`);
    }
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength > 1 << 16) this.flush();
  }

  /** Finishes the file and moves it into place. */
  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.temporary, this.path);
  }

  /** Drops everything written; the target is left as it was. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temporary, { force: true });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}

/** Writes `content` (one text, or chunks of one: a big report outgrows a V8 string) to `path` whole or not at all. */
export function writeOutputFile(path: string, content: string | Iterable<string>, options: OutputOptions = {}): void {
  const file = new OutputFile(path, options);
  try {
    if (typeof content === 'string') file.write(content);
    else for (const chunk of content) file.write(chunk);
    file.commit();
  } catch (error) {
    file.abandon();
    throw error;
  }
}
