/**
 * The small checking kit the validators share: a checker that collects problems,
 * readers that turn one raw value into a typed one or report why they cannot, and
 * the unknown-key check. Readers never stop at a problem; they report it and return
 * undefined, so the caller carries on and every problem in the file is found.
 */

import { describeValue, quote } from './describe';
import { didYouMean } from './did-you-mean';
import { getOwn, hasOwn, isRawObject } from './own';
import type { RawObject } from './own';
import { describeInexact, type NumberTexts } from './number-texts';
import { childPath } from './path';
import type { Problem } from './problems';

/**
 * More than this many problems are counted, not kept: past it, a hostile or
 * generated file could otherwise fill memory with messages nobody reads.
 */
export const MAX_PROBLEMS = 1000;

/** Collects the problems of one file. */
export interface Checker {
  readonly file: string;
  readonly problems: Problem[];
  /** Problems found past MAX_PROBLEMS. */
  dropped: number;
  /** Numbers the parser could not hold, as the user wrote them. */
  readonly numberTexts?: NumberTexts;
}

export function createChecker(file: string, numberTexts?: NumberTexts): Checker {
  return numberTexts === undefined || numberTexts.size === 0 ? { file, problems: [], dropped: 0 } : { file, problems: [], dropped: 0, numberTexts };
}

/** `value` for a message: describeValue, except a number the parser could not hold, which is quoted as written. */
export function describeFor(c: Checker, value: unknown): string {
  const text = typeof value === 'number' ? c.numberTexts?.get(value) : undefined;
  return text === undefined ? describeValue(value) : describeInexact(text);
}

export function report(c: Checker, path: string, message: string): void {
  if (c.problems.length < MAX_PROBLEMS) c.problems.push({ file: c.file, path, message });
  else c.dropped++;
}

/** The problems found, ending with a count of those not kept, if any. */
export function problemsOf(c: Checker): Problem[] {
  if (c.dropped === 0) return c.problems;
  return [...c.problems, { file: c.file, path: '', message: `${c.dropped} more problems not shown` }];
}

export function hasProblems(c: Checker): boolean {
  return c.problems.length > 0;
}

/** Turns a raw value into a `T`, or reports at `path` and returns undefined. */
export type Reader<T> = (c: Checker, value: unknown, path: string) => T | undefined;

/** Reads the required field `key` of `object`, reporting it when missing. */
export function readRequired<T>(c: Checker, object: RawObject, path: string, key: string, read: Reader<T>): T | undefined {
  const at = childPath(path, key);
  if (!hasOwn(object, key)) {
    report(c, at, 'missing required field');
    return undefined;
  }
  return read(c, object[key], at);
}

/** Reads the field `key` of `object` when present; undefined when absent. */
export function readOptional<T>(c: Checker, object: RawObject, path: string, key: string, read: Reader<T>): T | undefined {
  if (!hasOwn(object, key)) return undefined;
  return read(c, getOwn(object, key), childPath(path, key));
}

/**
 * Reports every key of `object` outside `known`, with a suggestion when one is
 * close. Typos must not pass silently (scenario-format.md, top of page).
 */
export function checkKeys(c: Checker, object: RawObject, path: string, known: readonly string[]): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const hint = didYouMean(key, known);
    report(c, childPath(path, key), hint === '' ? `unknown key; known keys are ${known.join(', ')}` : `unknown key${hint}`);
  }
}

function expected(c: Checker, path: string, what: string, value: unknown): undefined {
  report(c, path, `expected ${what}, got ${describeFor(c, value)}`);
  return undefined;
}

export const readObject: Reader<RawObject> = (c, value, path) =>
  isRawObject(value) ? value : expected(c, path, 'an object', value);

export const readList: Reader<unknown[]> = (c, value, path) =>
  Array.isArray(value) ? value : expected(c, path, 'a list', value);

export const readString: Reader<string> = (c, value, path) =>
  typeof value === 'string' ? value : expected(c, path, 'a string', value);

export const readNonEmptyString: Reader<string> = (c, value, path) =>
  typeof value === 'string' && value !== '' ? value : expected(c, path, 'a non-empty string', value);

export const readBoolean: Reader<boolean> = (c, value, path) =>
  typeof value === 'boolean' ? value : expected(c, path, 'true or false', value);

/** Safe integers only: a larger number would not survive arithmetic or printing exactly. */
export const readInteger: Reader<number> = (c, value, path) =>
  Number.isSafeInteger(value) ? (value as number) : expected(c, path, 'an integer', value);

/** Times in ms of simulated time, and counts. */
export const readNonNegativeInteger: Reader<number> = (c, value, path) =>
  Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : expected(c, path, 'a non-negative integer', value);

export const readPositiveInteger: Reader<number> = (c, value, path) =>
  Number.isSafeInteger(value) && (value as number) > 0 ? (value as number) : expected(c, path, 'a positive integer', value);

export const readNonNegativeNumber: Reader<number> = (c, value, path) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : expected(c, path, 'a non-negative number', value);

export const readProbability: Reader<number> = (c, value, path) =>
  typeof value === 'number' && value >= 0 && value <= 1 ? value : expected(c, path, 'a probability from 0 to 1', value);

/** A string from `allowed`, with a suggestion when the given one is close to an allowed one. */
export function readEnum<T extends string>(allowed: readonly T[]): Reader<T> {
  return (c, value, path) => {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? didYouMean(value, allowed) : '';
    report(c, path, `expected one of ${allowed.join(', ')}, got ${describeValue(value)}${hint}`);
    return undefined;
  };
}

/** A list whose items all pass `read`; undefined if the list or any item does not. */
export function readListOf<T>(read: Reader<T>): Reader<T[]> {
  return (c, value, path) => {
    const list = readList(c, value, path);
    if (list === undefined) return undefined;
    const out: T[] = [];
    let ok = true;
    list.forEach((item, i) => {
      const got = read(c, item, childPath(path, i));
      if (got === undefined) ok = false;
      else out.push(got);
    });
    return ok ? out : undefined;
  };
}

/** Reports `value` at `path` as a duplicate of the one first seen at `firstPath`. */
export function reportDuplicate(c: Checker, path: string, what: string, value: string, firstPath: string): void {
  report(c, path, `duplicate ${what} ${quote(value)} (first at ${firstPath})`);
}
