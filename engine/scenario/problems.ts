/**
 * Problems found in a scenario file, and how they are printed: `file:path: message`,
 * the form house-style.md asks for so that every bad input reads the same way and
 * nothing ever surfaces as a stack trace.
 */

/** One thing wrong with a scenario file. `path` is empty when no single value is to blame. */
export interface Problem {
  file: string;
  /** Where in the data, e.g. `rooms[1].members["@alice:hs1"]`; empty for whole-file problems. */
  path: string;
  message: string;
}

/** `file:path: message`, or `file: message` when the problem has no path. */
export function formatProblem(p: Problem): string {
  return p.path === '' ? `${p.file}: ${p.message}` : `${p.file}:${p.path}: ${p.message}`;
}
