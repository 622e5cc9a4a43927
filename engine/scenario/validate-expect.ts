/**
 * The `expect` section (scenario-format.md, "Expectations"): join expectations,
 * which name a timeline join and list report fields to compare, and lint
 * expectations, which name a lint code. Field types follow report-format.md.
 */

import type { Checker, Reader } from './check';
import {
  checkKeys,
  readBoolean,
  readEnum,
  readInteger,
  readList,
  readNonEmptyString,
  readNonNegativeInteger,
  readObject,
  readOptional,
  readRequired,
  readString,
  report,
} from './check';
import { describeValue, quote } from './describe';
import { didYouMean } from './did-you-mean';
import type { Directory } from './directory';
import { readKnownRoom } from './directory';
import { getOwn, hasOwn, setOwn } from './own';
import type { RawObject } from './own';
import { childPath } from './path';
import { FORMAT_KEYS } from './format-keys';
import { LINT_CODES as LINT_CODE_TABLE } from '../lint/index';
import type { ExpectedAttempt, Expectation } from './types';

/**
 * The codes a lint expectation may name: the linter's own table, so a typo such as
 * `unknown-allowed-rom` is a bad file with a suggestion, not an expectation that
 * can never be met.
 */
const LINT_CODE_NAMES: readonly string[] = LINT_CODE_TABLE.map((c) => c.code);

function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (c, value, path) => (value === null ? null : read(c, value, path));
}

/** Whatever the report holds there; the comparison decides. */
const readAnything: Reader<unknown> = (_c, value) => value;

/** The report's join fields a join expectation may list, and how each is checked. */
export const JOIN_FIELDS: Record<string, Reader<unknown>> = {
  id: readString,
  user: readString,
  room: readString,
  at: readNonNegativeInteger,
  local: readBoolean,
  outcome: readEnum(['joined', 'failed']),
  status: readInteger,
  errcode: nullable(readString),
  authorisedBy: nullable(readString),
  resident: nullable(readString),
  finishedAt: nullable(readNonNegativeInteger),
  message: readString,
  joiner: readAnything,
  softFailedAt: readAnything,
};

export const ATTEMPT_FIELDS: Record<string, Reader<unknown>> = {
  server: readString,
  step: readEnum(['make_join', 'send_join']),
  at: readNonNegativeInteger,
  status: readInteger,
  errcode: nullable(readString),
  reason: readString,
  decision: readAnything,
  check: readAnything,
  skipped: readAnything,
};

const JOIN_KEYS = ['join', ...Object.keys(JOIN_FIELDS), 'attempts'];
const LINT_KEYS = FORMAT_KEYS.lintExpectation;

/** `expect`; join ids come from the timeline, rooms from `dir`. */
export function validateExpect(c: Checker, raw: unknown, path: string, dir: Directory, timelineJoinIds: () => ReadonlySet<string>): Expectation[] {
  if (raw === undefined) return [];
  const joinIds = timelineJoinIds();
  const list = readList(c, raw, path);
  if (list === undefined) return [];
  const expectations: Expectation[] = [];
  list.forEach((item, index) => {
    const itemPath = childPath(path, index);
    const object = readObject(c, item, itemPath);
    if (object === undefined) return;
    const isJoin = hasOwn(object, 'join');
    const isLint = hasOwn(object, 'lint');
    let expectation: Expectation | undefined;
    if (isJoin && isLint) report(c, itemPath, 'give either join or lint, not both');
    else if (isJoin) expectation = validateJoinExpectation(c, object, itemPath, index, joinIds);
    else if (isLint) expectation = validateLintExpectation(c, object, itemPath, index, dir);
    else report(c, itemPath, 'expected a join expectation (join: ID) or a lint expectation (lint: CODE)');
    if (expectation !== undefined) expectations.push(expectation);
  });
  return expectations;
}

function validateJoinExpectation(
  c: Checker,
  object: RawObject,
  path: string,
  index: number,
  joinIds: ReadonlySet<string>,
): Expectation | undefined {
  checkKeys(c, object, path, JOIN_KEYS);
  const join = readRequired(c, object, path, 'join', readNonEmptyString);
  if (join !== undefined && !joinIds.has(join)) {
    report(c, childPath(path, 'join'), `no join in the timeline has id ${quote(join)}${didYouMean(join, [...joinIds])}`);
  }
  const fields = readFields(c, object, path, JOIN_FIELDS);
  const attempts = readOptional(c, object, path, 'attempts', readAttempts);
  if (join === undefined || fields === undefined || (hasOwn(object, 'attempts') && attempts === undefined)) return undefined;
  return attempts === undefined ? { type: 'join', index, join, fields } : { type: 'join', index, join, fields, attempts };
}

function validateLintExpectation(c: Checker, object: RawObject, path: string, index: number, dir: Directory): Expectation | undefined {
  checkKeys(c, object, path, LINT_KEYS);
  const code = readRequired(c, object, path, 'lint', readLintCode);
  const room = readOptional(c, object, path, 'room', readKnownRoom(dir));
  if (code === undefined || (hasOwn(object, 'room') && room === undefined)) return undefined;
  return room === undefined ? { type: 'lint', index, code } : { type: 'lint', index, code, room };
}

const readLintCode: Reader<string> = (c, value, path) => {
  if (typeof value === 'string' && LINT_CODE_NAMES.includes(value)) return value;
  if (typeof value !== 'string') {
    report(c, path, `expected a lint code such as ${LINT_CODE_NAMES[0]}, got ${describeValue(value)}`);
    return undefined;
  }
  const hint = didYouMean(value, LINT_CODE_NAMES);
  report(c, path, `unknown lint code ${describeValue(value)}${hint === '' ? `; known codes are ${LINT_CODE_NAMES.join(', ')}` : hint}`);
  return undefined;
};

/** The fields of `object` that `readers` knows, checked and copied. */
function readFields(c: Checker, object: RawObject, path: string, readers: Record<string, Reader<unknown>>): Record<string, unknown> | undefined {
  const fields: Record<string, unknown> = {};
  let ok = true;
  for (const key of Object.keys(object)) {
    const read = hasOwn(readers, key) ? readers[key] : undefined;
    if (read === undefined) continue; // unknown keys are checkKeys's to report
    const checked = read(c, getOwn(object, key), childPath(path, key));
    if (checked === undefined) ok = false;
    else setOwn(fields, key, checked);
  }
  return ok ? fields : undefined;
}

const readAttempts: Reader<ExpectedAttempt[]> = (c, value, path) => {
  const list = readList(c, value, path);
  if (list === undefined) return undefined;
  const attempts: ExpectedAttempt[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const itemPath = childPath(path, i);
    const object = readObject(c, item, itemPath);
    if (object === undefined) {
      ok = false;
      return;
    }
    checkKeys(c, object, itemPath, Object.keys(ATTEMPT_FIELDS));
    const fields = readFields(c, object, itemPath, ATTEMPT_FIELDS);
    if (fields === undefined) ok = false;
    else attempts.push(fields);
  });
  return ok ? attempts : undefined;
};
