/**
 * The `timeline` section (scenario-format.md, "Timeline"): items checked one by
 * one, joins named `join-N` where the file gives no `id`, ids kept unique, and the
 * list put in run order (by `at`, file order for ties).
 */

import type { Checker } from './check';
import { FORMAT_KEYS } from './format-keys';
import { checkKeys, readList, readNonEmptyString, readNonNegativeInteger, readObject, readOptional, readRequired, report } from './check';
import { describeValue, quote } from './describe';
import { didYouMean } from './did-you-mean';
import type { Directory } from './directory';
import { getOwn, hasOwn } from './own';
import type { RawObject } from './own';
import { childPath } from './path';
import type { TimelineAction, TimelineActionType } from './types';
import { ACTION_FIELDS, ACTION_TYPES, readActionBody } from './validate-actions';

export interface Timeline {
  /** Sorted by `at`, then by position in the file. */
  actions: TimelineAction[];
  /** The id of every join item, given or generated, for expectations to name. */
  joinIds: Set<string>;
}

/** `timeline`; needs servers, users and rooms already in `dir`. */
export function validateTimeline(c: Checker, raw: unknown, path: string, dir: Directory): Timeline {
  const timeline: Timeline = { actions: [], joinIds: new Set() };
  if (raw === undefined) return timeline;
  const list = readList(c, raw, path);
  if (list === undefined) return timeline;
  // Where each id was first used, to name it when a later item uses it again.
  const firstAt = new Map<string, string>();
  let joins = 0;
  list.forEach((item, index) => {
    const itemPath = childPath(path, index);
    const object = readObject(c, item, itemPath);
    if (object === undefined) return;
    const type = readActionType(c, object, itemPath);
    // Joins are numbered in file order whatever else is wrong with them, so the
    // names of later joins do not shift when an earlier one is fixed.
    const defaultId = type === 'join' ? `join-${++joins}` : undefined;
    const id = readItemId(c, object, itemPath, defaultId, firstAt);
    if (type === 'join' && id !== undefined) timeline.joinIds.add(id);
    const at = readRequired(c, object, itemPath, 'at', readNonNegativeInteger);
    if (type === undefined) return;
    checkKeys(c, object, itemPath, [...FORMAT_KEYS.timelineItem, ...ACTION_FIELDS[type]]);
    const body = readActionBody(c, object, itemPath, type, dir);
    if (body === undefined || at === undefined || (hasOwn(object, 'id') && id === undefined)) return;
    // The body came from readActionBody for this very type, and joins always have an id here.
    const action = { ...body, at, index } as TimelineAction;
    if (id !== undefined) action.id = id;
    timeline.actions.push(action);
  });
  timeline.actions.sort((a, b) => a.at - b.at || a.index - b.index);
  return timeline;
}

function readActionType(c: Checker, object: RawObject, path: string): TimelineActionType | undefined {
  if (!hasOwn(object, 'do')) {
    report(c, childPath(path, 'do'), 'missing required field');
    return undefined;
  }
  const value = getOwn(object, 'do');
  if (typeof value === 'string' && (ACTION_TYPES as readonly string[]).includes(value)) return value as TimelineActionType;
  const hint = typeof value === 'string' ? didYouMean(value, ACTION_TYPES) : '';
  const known = hint === '' ? `; actions are ${ACTION_TYPES.join(', ')}` : hint;
  report(c, childPath(path, 'do'), `unknown action ${describeValue(value)}${known}`);
  return undefined;
}

/** The item's id, or `defaultId`; reports ids already used by an earlier item. */
function readItemId(
  c: Checker,
  object: RawObject,
  path: string,
  defaultId: string | undefined,
  firstAt: Map<string, string>,
): string | undefined {
  const given = hasOwn(object, 'id');
  const id = given ? readOptional(c, object, path, 'id', readNonEmptyString) : defaultId;
  if (id === undefined) return undefined;
  const where = given ? childPath(path, 'id') : `${path}, a join without an id`;
  const first = firstAt.get(id);
  if (first === undefined) {
    firstAt.set(id, where);
    return id;
  }
  report(c, given ? where : path, `duplicate id ${quote(id)} (first at ${first})${given ? '' : '; give this join an id'}`);
  return undefined;
}
