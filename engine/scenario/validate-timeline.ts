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
import { isRawObject } from './own';
import { getOwn, hasOwn } from './own';
import type { RawObject } from './own';
import { childPath } from './path';
import type { TimelineAction, TimelineActionType } from './types';
import { ACTION_FIELDS, ACTION_TYPES, readActionBody } from './validate-actions';
import { IdFirstUses } from './id-first-uses';

export interface Timeline {
  /** Sorted by `at`, then by position in the file. */
  actions: TimelineAction[];
  /**
   * The id of every join item, given or generated, in file order, for
   * expectations to name; made into a set only when asked (a big file's timeline
   * has a million, and most files have no expectations).
   */
  joinIds: () => ReadonlySet<string>;
}

/** `timeline`; needs servers, users and rooms already in `dir`. */
export function validateTimeline(c: Checker, raw: unknown, path: string, dir: Directory): Timeline {
  const joinIds: string[] = [];
  const timeline: Timeline = { actions: [], joinIds: () => new Set(joinIds) };
  if (raw === undefined) return timeline;
  const list = readList(c, raw, path);
  if (list === undefined) return timeline;
  // Where each id was first used, to name it when a later item uses it again.
  const firstAt: FirstUses = new IdFirstUses();
  let joins = 0;
  list.forEach((item, index) => {
    // Nearly every item of a big file is a well-formed join: read it without
    // building paths; anything else (or anything wrong) takes the full check below.
    const join = readWellFormedJoin(item, dir);
    if (join !== undefined) {
      const id = join.id ?? `join-${joins + 1}`;
      if (firstAt.get(id) === undefined) {
        joins++;
        firstAt.set(id, join.id === undefined ? -(index + 1) : index + 1);
        joinIds.push(id);
        const action = join.via === undefined
          ? ({ do: 'join', user: join.user, room: join.room, at: join.at, index } as TimelineAction)
          : ({ do: 'join', user: join.user, room: join.room, via: join.via, at: join.at, index } as TimelineAction);
        action.id = id;
        timeline.actions.push(action);
        return;
      }
    }
    const itemPath = childPath(path, index);
    const object = readObject(c, item, itemPath);
    if (object === undefined) return;
    const type = readActionType(c, object, itemPath);
    // Joins are numbered in file order whatever else is wrong with them, so the
    // names of later joins do not shift when an earlier one is fixed.
    const defaultId = type === 'join' ? `join-${++joins}` : undefined;
    const id = readItemId(c, object, path, index, defaultId, firstAt);
    if (type === 'join' && id !== undefined) joinIds.push(id);
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

/**
 * Where each id was first used: the item's index + 1, negative when the id was
 * the default one of a join without an id (the message says so).
 */
type FirstUses = IdFirstUses;

/** The path a problem names for the first use of an id, from its FirstUses entry. */
function firstUsePath(timelinePath: string, first: number): string {
  const itemPath = childPath(timelinePath, Math.abs(first) - 1);
  return first > 0 ? childPath(itemPath, 'id') : `${itemPath}, a join without an id`;
}

/** The item's id, or `defaultId`; reports ids already used by an earlier item. */
function readItemId(
  c: Checker,
  object: RawObject,
  timelinePath: string,
  index: number,
  defaultId: string | undefined,
  firstAt: FirstUses,
): string | undefined {
  const path = childPath(timelinePath, index);
  const given = hasOwn(object, 'id');
  const id = given ? readOptional(c, object, path, 'id', readNonEmptyString) : defaultId;
  if (id === undefined) return undefined;
  const first = firstAt.get(id);
  if (first === undefined) {
    firstAt.set(id, given ? index + 1 : -(index + 1));
    return id;
  }
  const where = given ? childPath(path, 'id') : path;
  report(c, where, `duplicate id ${quote(id)} (first at ${firstUsePath(timelinePath, first)})${given ? '' : '; give this join an id'}`);
  return undefined;
}

/** The keys a join item may have. */
const JOIN_KEYS = new Set(['at', 'do', 'id', 'user', 'room', 'via']);

interface WellFormedJoin {
  user: string;
  room: string;
  via: string[] | undefined;
  at: number;
  id: string | undefined;
}

/**
 * A join item the full check would accept without a word, read without building
 * a path or a message; undefined when it is anything else (another action, any
 * problem, anything unusual), and the full check then reads it and says what is
 * wrong. It must accept nothing the full check reports: every test here is one
 * of the full check's, or stricter.
 */
function readWellFormedJoin(item: unknown, dir: Directory): WellFormedJoin | undefined {
  if (!isRawObject(item) || getOwn(item, 'do') !== 'join') return undefined;
  for (const key in item) if (!JOIN_KEYS.has(key)) return undefined;
  const at = getOwn(item, 'at');
  if (!(Number.isSafeInteger(at) && (at as number) >= 0)) return undefined;
  const user = getOwn(item, 'user');
  const room = getOwn(item, 'room');
  // dir.rooms holds only room IDs that readRoomId accepted.
  if (typeof user !== 'string' || typeof room !== 'string' || !dir.rooms.has(room) || !isKnownUser(user, dir)) return undefined;
  let id: string | undefined;
  if (hasOwn(item, 'id')) {
    const given = item.id;
    if (typeof given !== 'string' || given === '') return undefined;
    id = given;
  }
  let via: string[] | undefined;
  if (hasOwn(item, 'via')) {
    const list = item.via;
    if (!Array.isArray(list)) return undefined;
    for (const server of list) if (typeof server !== 'string' || server === '' || !dir.servers.has(server)) return undefined;
    via = list.slice() as string[];
  }
  return { user, room, via, at: at as number, id };
}

/** `@local:server` (parseUserId's shape: a local part without a colon, a server) of a user the directory lists. */
function isKnownUser(user: string, dir: Directory): boolean {
  const colon = user.indexOf(':');
  if (user.charCodeAt(0) !== 64 /* @ */ || colon < 2 || colon === user.length - 1) return false;
  return dir.servers.get(user.slice(colon + 1))?.has(user.slice(1, colon)) === true;
}
