/**
 * Invariant helpers for broken assumptions inside the engine. Outcomes (errcodes,
 * refusals) are values, never exceptions; these are for bugs only, and the message
 * names the value that broke the rule.
 */

/** Thrown when an engine invariant does not hold: always a bug, never bad input. */
export class InvariantError extends Error {
  override name = 'InvariantError';
}

/** Throws an InvariantError with `message` unless `condition` holds. */
export function invariant(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new InvariantError(typeof message === 'function' ? message() : message);
}

/** Marks a branch the type system proves unreachable; throws if it is reached anyway. */
export function assertNever(value: never, what = 'value'): never {
  throw new InvariantError(`unexpected ${what}: ${JSON.stringify(value)}`);
}
