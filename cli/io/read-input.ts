/**
 * What every command that reads files shares: `-` is standard input, which can be
 * read once per command; a file that is not text (an image, an executable, a
 * UTF-16 file) is refused as such instead of being parsed into kilobytes of
 * mojibake. Scenario files go through read-scenario.ts, which uses these.
 */
import { UserError, InputProblems } from '../cli-context';
import { STDIO_ARGUMENT } from '../stdin-argument';

/** Refuses a command line that names standard input more than once: it can be read only once. */
export function checkStdinOnce(paths: readonly (string | undefined)[]): void {
  const uses = paths.filter((p) => p === STDIO_ARGUMENT).length;
  if (uses > 1) throw new UserError(`- (standard input) is named ${uses} times; it can be read only once, so give the others as files`);
}

/** Share of U+FFFD (bytes that were not UTF-8) past which text is taken for binary. */
const MAX_REPLACEMENT_SHARE = 0.01;

/** Whether decoded `text` came from a binary file: it holds a NUL, or much of it was not UTF-8. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 1 << 16 ? text.slice(0, 1 << 16) : text;
  if (sample.includes('\u0000')) return true;
  let replaced = 0;
  for (let i = sample.indexOf('\uFFFD'); i >= 0; i = sample.indexOf('\uFFFD', i + 1)) replaced++;
  return replaced > 0 && replaced / Math.max(1, sample.length) > MAX_REPLACEMENT_SHARE;
}

/** Throws `file: not a text file` when `text` is binary. */
export function checkIsText(file: string, text: string): string {
  if (looksBinary(text)) throw new InputProblems([`${file}: not a text file (it holds binary data); scenario and state files are YAML or JSON text`]);
  return text;
}
