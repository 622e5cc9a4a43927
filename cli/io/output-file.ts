/**
 * Writing output files whole or not at all: content goes to a temporary file next
 * to the target and is renamed over it only when complete. Before anything runs,
 * every output path is checked: a directory, a device, a FIFO or a socket is never
 * written (not even with `--force`: replacing /dev/null with a regular file would
 * break the system), nor an input of the command, nor a file fedsim did not write
 * (unless `--force`), nor one path named by two outputs. Partial files are removed
 * on errors here and on signals by the partial guard.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from '../cli-context';
import { STDIO_ARGUMENT } from '../stdin-argument';
import { guardPartialFile, releasePartialFile } from './partial-guard';

export interface OutputOptions {
  force?: boolean;
  /** Paths of the command's inputs; writing over one is always refused. */
  inputs?: readonly string[];
}

/** Whether an output option names standard output. */
export function isStdout(path: string | undefined): boolean {
  return path === STDIO_ARGUMENT;
}

/** The same file, following links; `resolve` for paths that do not exist yet. */
function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
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
      // --joins-jsonl: one compact join entry a line.
      /^\{"id":"[^"]*","user":"/.test(head) ||
      /^# written by fedsim/.test(head) ||
      // sweep.json, and sweep.csv by its header (a comment line would break CSV readers).
      /^\s*\{\s*"fedsim"\s*:\s*"[^"]*"\s*,\s*"sweepFormat"\s*:/.test(head) ||
      /^[^\n]*(^|,)runs,joins_mean,joins_lo,joins_hi,/.test(head)
    );
  } finally {
    closeSync(fd);
  }
}

/** looksLikeFedsimOutput, false for a file that cannot be read (then it is not replaced without --force). */
function readableFedsimOutput(path: string): boolean {
  try {
    return looksLikeFedsimOutput(path);
  } catch {
    return false;
  }
}

/** Checks that `path` may be written; throws a UserError saying why not. `-` (standard output) always may. */
export function checkWritable(path: string, options: OutputOptions = {}): void {
  if (isStdout(path)) return;
  if (path === '') throw new UserError('an output file name is empty');
  const existing = statOrNull(path);
  if (existing?.isDirectory()) throw new UserError(`${path}: is a directory; name a file to write`);
  if (existing && !existing.isFile()) {
    throw new UserError(`${path}: is not a regular file (a device, FIFO or socket); fedsim writes only regular files, even with --force (use - for standard output)`);
  }
  if (existing) {
    for (const input of options.inputs ?? []) {
      if (input !== STDIO_ARGUMENT && canonical(path) === canonical(input)) throw new UserError(`${path}: refusing to write over an input file`);
    }
    if (!options.force && !readableFedsimOutput(path)) throw new UserError(`${path}: exists and was not written by fedsim; pass --force to replace it`);
    return;
  }
  const parent = statOrNull(dirname(resolve(path)));
  if (parent === null) throw new UserError(`${path}: cannot write: no such directory ${dirname(path)}`);
  if (!parent.isDirectory()) throw new UserError(`${path}: cannot write: ${dirname(path)} is not a directory`);
}

/** One output a command was asked for: the option that named it and its path. */
export interface NamedOutput {
  option: string;
  path: string | undefined;
}

/** Refuses two outputs on one file (one would silently overwrite the other) or both on standard output. */
export function checkDistinctOutputs(outputs: readonly NamedOutput[]): void {
  const seen = new Map<string, string>();
  for (const { option, path } of outputs) {
    if (path === undefined) continue;
    const key = isStdout(path) ? STDIO_ARGUMENT : canonical(path);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(
        isStdout(path) ? `${first} and ${option} both write to standard output; give one of them a file` : `${first} and ${option} name the same file ${path}; give each its own`,
      );
    }
    seen.set(key, option);
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
    // The guard hears of the file before it exists: a signal that comes right after the
    // file appears must find the guard told, or the partial file would outlive the run.
    guardPartialFile(this.temporary);
    try {
      this.fd = openSync(this.temporary, 'w');
    } catch (error) {
      releasePartialFile(this.temporary);
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
    try {
      this.flush();
      closeSync(this.fd);
      renameSync(this.temporary, this.path);
    } catch (error) {
      this.abandon();
      throw new UserError(`${this.path}: cannot write: ${(error as Error).message}`);
    }
    releasePartialFile(this.temporary);
  }

  /** Drops everything written; the target is left as it was. */
  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.temporary, { force: true });
    releasePartialFile(this.temporary);
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    try {
      writeSync(this.fd, this.pending.join(''));
    } catch (error) {
      // A full disk or a lost mount is the user's to fix, not a fedsim bug.
      throw new UserError(`${this.path}: cannot write: ${(error as Error).message}`);
    }
    this.pending = [];
    this.pendingLength = 0;
  }
}

/**
 * Writes `content` (one text, or chunks of one: a big report outgrows a V8 string)
 * to `path` whole or not at all; `-` writes it to standard output through `stdout`.
 */
export function writeOutputFile(path: string, content: string | Iterable<string>, options: OutputOptions = {}, stdout?: (text: string) => void): void {
  if (isStdout(path)) {
    if (!stdout) throw new UserError('this output cannot go to standard output; name a file');
    if (typeof content === 'string') stdout(content);
    else for (const chunk of content) stdout(chunk);
    return;
  }
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
