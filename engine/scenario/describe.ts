/**
 * How a wrong value is quoted back in a problem message: `got "high"`, `got 1.5`,
 * `got a list`. Long strings are cut so one bad value cannot flood the output.
 */

const MAX_QUOTED_LENGTH = 60;

/** A short description of `value` for "expected X, got Y" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** A string in double quotes, shortened with an ellipsis when long. */
export function quote(text: string): string {
  const short = text.length > MAX_QUOTED_LENGTH ? `${text.slice(0, MAX_QUOTED_LENGTH)}…` : text;
  return JSON.stringify(short);
}
