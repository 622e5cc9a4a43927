/**
 * The fields of each timeline action (scenario-format.md, the `do` table): which
 * ones each action takes, and reading them. Users, rooms and servers must be
 * declared by the scenario; contents are checked like their t = 0 counterparts.
 */

import type { Checker, Reader } from './check';
import { readList, readListOf, readRequired, readOptional, report } from './check';
import type { Directory } from './directory';
import { readKnownRoom, readKnownServer, readKnownUser } from './directory';
import type { RawObject } from './own';
import { hasOwn } from './own';
import { childPath } from './path';
import type { TimelineAction, TimelineActionType } from './types';
import { readPowerLevels } from './validate-power-levels';
import { readJoinRulesContent } from './validate-rooms';

/** The fields each action takes besides `at`, `do` and `id`; `via` is the only optional one. */
export const ACTION_FIELDS = {
  join: ['user', 'room', 'via'],
  leave: ['user', 'room'],
  invite: ['sender', 'user', 'room'],
  ban: ['sender', 'user', 'room'],
  setPowerLevels: ['sender', 'room', 'content'],
  setJoinRules: ['sender', 'room', 'content'],
  crash: ['server'],
  recover: ['server'],
  partition: ['groups'],
  heal: [],
} as const satisfies Record<TimelineActionType, readonly string[]>;

export const ACTION_TYPES = Object.keys(ACTION_FIELDS) as TimelineActionType[];

/** An action without the item's `at`, `index` and `id`, which the timeline adds. */
export type ActionBody = TimelineAction extends infer A
  ? A extends TimelineAction
    ? Omit<A, 'at' | 'index' | 'id'>
    : never
  : never;

/** Reads the fields of a `type` action from `object`, reporting each bad or missing one. */
export function readActionBody(
  c: Checker,
  object: RawObject,
  path: string,
  type: TimelineActionType,
  dir: Directory,
): ActionBody | undefined {
  const field = <T>(key: string, read: Reader<T>): T | undefined => readRequired(c, object, path, key, read);
  const user = (key: string): string | undefined => field(key, readKnownUser(dir));
  const room = (): string | undefined => field('room', readKnownRoom(dir));
  const server = (): string | undefined => field('server', readKnownServer(dir));
  switch (type) {
    case 'join': {
      const body = { do: type, user: user('user'), room: room() };
      const via = readOptional(c, object, path, 'via', readListOf(readKnownServer(dir)));
      if (!isComplete(body) || (hasOwn(object, 'via') && via === undefined)) return undefined;
      return via === undefined ? body : { ...body, via };
    }
    case 'leave':
      return complete({ do: type, user: user('user'), room: room() });
    case 'invite':
    case 'ban':
      return complete({ do: type, sender: user('sender'), user: user('user'), room: room() });
    case 'setPowerLevels':
      return complete({ do: type, sender: user('sender'), room: room(), content: field('content', readPowerLevels) });
    case 'setJoinRules':
      return complete({ do: type, sender: user('sender'), room: room(), content: field('content', readJoinRulesContent) });
    case 'crash':
    case 'recover':
      return complete({ do: type, server: server() });
    case 'partition':
      return complete({ do: type, groups: field('groups', readGroups(dir)) });
    case 'heal':
      return { do: type };
  }
}

type Unchecked<T> = { [K in keyof T]: T[K] | undefined };

function isComplete<T extends object>(body: Unchecked<T>): body is T {
  return Object.values(body).every((v) => v !== undefined);
}

function complete<T extends object>(body: Unchecked<T>): T | undefined {
  return isComplete(body) ? body : undefined;
}

/** Lists of listed servers, each server in at most one group. */
function readGroups(dir: Directory): Reader<string[][]> {
  const readGroup = readListOf(readKnownServer(dir));
  return (c, value, path) => {
    const list = readList(c, value, path);
    if (list === undefined) return undefined;
    const groupOf = new Map<string, number>();
    const groups: string[][] = [];
    let ok = true;
    list.forEach((item, g) => {
      const group = readGroup(c, item, childPath(path, g));
      if (group === undefined) {
        ok = false;
        return;
      }
      group.forEach((name, i) => {
        const first = groupOf.get(name);
        if (first === undefined) groupOf.set(name, g);
        else {
          report(c, childPath(childPath(path, g), i), `${name} is already in ${childPath(path, first)}`);
          ok = false;
        }
      });
      groups.push(group);
    });
    return ok ? groups : undefined;
  };
}
