/**
 * The options of a generated federation (`fedsim generate` flags and a scenario's
 * `generate:` block), their defaults, and their validation: every problem reported
 * as `file:generate.x: message` with the same checking kit as scenario files.
 */
import type { Checker, Reader } from '../scenario/check';
import {
  checkKeys,
  readNonNegativeInteger,
  readNonNegativeNumber,
  readObject,
  readOptional,
  readPositiveInteger,
  readProbability,
  report,
} from '../scenario/check';
import { describeValue } from '../scenario/describe';
import { didYouMean } from '../scenario/did-you-mean';
import { getOwn } from '../scenario/own';
import type { RawObject } from '../scenario/own';
import { childPath } from '../scenario/path';
import { readRoomVersion } from '../scenario/room-versions';
import type { ImplementationName, LatencySpec } from '../scenario/types';
import { IMPLEMENTATION_NAMES } from '../scenario/types';
import { readLatency } from '../scenario/validate-network';

/** Rates of deliberate configuration errors, each a fraction of the rooms it can apply to. */
export interface MisconfigRates {
  /** Restricted rooms whose allowed room has no resident that is an authorising server of the room. */
  allowWithoutAuthoriser: number;
  /** Restricted rooms where nobody's power reaches the invite level. */
  nobodyCanInvite: number;
  /** Restricted rooms with an allow entry that names a room with a typo in its ID. */
  typoAllow: number;
}

export interface GenerateOptions {
  /** Seed of the generator's own random streams (default: the scenario's seed). */
  seed: string;
  servers: number;
  users: number;
  /** Ordinary rooms, spaces not counted. */
  rooms: number;
  spaces: number;
  /** Fraction of rooms that belong to a space. */
  inSpace: number;
  /** Fraction of rooms in a space that are restricted to it. */
  restricted: number;
  /** Allow entries per restricted room (its own space first, then other spaces). */
  allowRooms: number;
  /** Power level needed to invite in restricted rooms. */
  inviteLevel: number;
  /** Fraction of a room's initial members given power 50. */
  moderators: number;
  /** Fraction of joins into restricted rooms made by users taken from anywhere, not from an allowed room. */
  outsiders: number;
  joins: number;
  /** Time of the first join (ms). */
  start: number;
  /** Joins per second of simulated time (a Poisson process). */
  rate: number;
  /** Servers named in each join's `via`: the room's own server, then the biggest residents. */
  via: number;
  /** Implementation name to share of servers. */
  mix: Partial<Record<ImplementationName, number>>;
  roomVersion: string;
  latency: LatencySpec;
  loss: number;
  /** Zipf exponent of users per server. */
  serverSkew: number;
  /** Pareto shape of room sizes (smaller: heavier tail). */
  roomSkew: number;
  minRoomSize: number;
  maxRoomSize: number;
  misconfig: MisconfigRates;
}

export const GENERATE_KEYS = [
  'seed',
  'servers',
  'users',
  'rooms',
  'spaces',
  'inSpace',
  'restricted',
  'allowRooms',
  'inviteLevel',
  'moderators',
  'outsiders',
  'joins',
  'start',
  'rate',
  'via',
  'mix',
  'roomVersion',
  'latency',
  'loss',
  'serverSkew',
  'roomSkew',
  'minRoomSize',
  'maxRoomSize',
  'misconfig',
] as const;

export const MISCONFIG_KEYS = ['allowWithoutAuthoriser', 'nobodyCanInvite', 'typoAllow'] as const;

/**
 * Defaults for what is not given. Counts scale with `servers` so that one flag
 * gives a sensible federation. Shape parameters: public measurements of the
 * federation's exact distribution are not in our references, so these are the
 * usual heavy-tail choices (Zipf s ≈ 1 for population per host, Pareto α = 1.5 for
 * group sizes), capped so the biggest rooms stay simulable.
 */
export function defaultOptions(seed: string, servers = 50): GenerateOptions {
  const rooms = servers * 10;
  return {
    seed,
    servers,
    users: servers * 10,
    rooms,
    spaces: Math.max(1, Math.round(rooms / 20)),
    inSpace: 0.6,
    restricted: 0.5,
    allowRooms: 1,
    inviteLevel: 0,
    moderators: 0.05,
    outsiders: 0.1,
    joins: rooms * 10,
    start: 1000,
    rate: 100,
    via: 3,
    mix: { synapse: 1 },
    roomVersion: '10',
    latency: { type: 'lognormal', median: 60, sigma: 0.5 },
    loss: 0,
    serverSkew: 1.1,
    roomSkew: 1.5,
    minRoomSize: 2,
    maxRoomSize: 1000,
    misconfig: { allowWithoutAuthoriser: 0.02, nobodyCanInvite: 0.01, typoAllow: 0.01 },
  };
}

const readPositiveNumber: Reader<number> = (c, value, path) => {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
  report(c, path, `expected a positive number, got ${describeValue(value)}`);
  return undefined;
};

const readSeed: Reader<string> = (c, value, path) => {
  if (typeof value === 'string') return value;
  if (Number.isSafeInteger(value)) return String(value);
  report(c, path, `expected a string or an integer, got ${describeValue(value)}`);
  return undefined;
};

const readMix: Reader<Partial<Record<ImplementationName, number>>> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  const mix: Partial<Record<ImplementationName, number>> = {};
  let total = 0;
  let ok = true;
  for (const name of Object.keys(object)) {
    const at = childPath(path, name);
    if (!(IMPLEMENTATION_NAMES as readonly string[]).includes(name)) {
      const hint = didYouMean(name, IMPLEMENTATION_NAMES);
      report(c, at, `unknown implementation${hint === '' ? `; known are ${IMPLEMENTATION_NAMES.join(', ')}` : hint}`);
      ok = false;
      continue;
    }
    const share = readNonNegativeNumber(c, getOwn(object, name), at);
    if (share === undefined) ok = false;
    else {
      mix[name as ImplementationName] = share;
      total += share;
    }
  }
  if (ok && total <= 0) {
    report(c, path, 'expected at least one implementation with a share above 0');
    ok = false;
  }
  return ok ? mix : undefined;
};

const readMisconfig: Reader<Partial<MisconfigRates>> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, MISCONFIG_KEYS);
  const out: Partial<MisconfigRates> = {};
  for (const key of MISCONFIG_KEYS) {
    const rate = readOptional(c, object, path, key, readProbability);
    if (rate !== undefined) out[key] = rate;
  }
  return out;
};

/**
 * Reads the `generate` object at `path` into complete options (defaults filled in),
 * reporting every problem to `c`. `scenarioSeed` is the default generator seed.
 */
export function readGenerateOptions(c: Checker, raw: RawObject, path: string, scenarioSeed: string): GenerateOptions {
  checkKeys(c, raw, path, GENERATE_KEYS);
  const int = (key: string, read: Reader<number> = readPositiveInteger): number | undefined => readOptional(c, raw, path, key, read);
  const servers = int('servers');
  const o = defaultOptions(readOptional(c, raw, path, 'seed', readSeed) ?? scenarioSeed, servers ?? 50);
  const set = <K extends keyof GenerateOptions>(key: K, value: GenerateOptions[K] | undefined): void => {
    if (value !== undefined) o[key] = value;
  };
  set('users', int('users'));
  set('rooms', int('rooms', readNonNegativeInteger));
  o.spaces = Math.max(o.rooms > 0 ? 1 : 0, Math.round(o.rooms / 20));
  o.joins = o.rooms * 10;
  set('spaces', int('spaces', readNonNegativeInteger));
  set('joins', int('joins', readNonNegativeInteger));
  set('inSpace', readOptional(c, raw, path, 'inSpace', readProbability));
  set('restricted', readOptional(c, raw, path, 'restricted', readProbability));
  set('allowRooms', int('allowRooms'));
  set('inviteLevel', int('inviteLevel', readNonNegativeInteger));
  set('moderators', readOptional(c, raw, path, 'moderators', readProbability));
  set('outsiders', readOptional(c, raw, path, 'outsiders', readProbability));
  set('start', int('start', readNonNegativeInteger));
  set('rate', readOptional(c, raw, path, 'rate', readPositiveNumber));
  set('via', int('via'));
  set('mix', readOptional(c, raw, path, 'mix', readMix));
  set('roomVersion', readOptional(c, raw, path, 'roomVersion', readRoomVersion));
  set('latency', readOptional(c, raw, path, 'latency', readLatency));
  set('loss', readOptional(c, raw, path, 'loss', readProbability));
  set('serverSkew', readOptional(c, raw, path, 'serverSkew', readNonNegativeNumber));
  set('roomSkew', readOptional(c, raw, path, 'roomSkew', readPositiveNumber));
  set('minRoomSize', int('minRoomSize'));
  set('maxRoomSize', int('maxRoomSize'));
  const misconfig = readOptional(c, raw, path, 'misconfig', readMisconfig);
  if (misconfig !== undefined) o.misconfig = { ...o.misconfig, ...misconfig };
  if (users(raw) && o.users < o.servers) report(c, childPath(path, 'users'), `expected at least one user per server (${o.servers}), got ${o.users}`);
  else if (o.users < o.servers) o.users = o.servers;
  if (o.spaces > 0 && o.rooms === 0 && has(raw, 'spaces')) report(c, childPath(path, 'spaces'), 'spaces need rooms to hold: give rooms too');
  if (o.minRoomSize > o.maxRoomSize) {
    report(c, childPath(path, has(raw, 'maxRoomSize') ? 'maxRoomSize' : 'minRoomSize'), `minRoomSize ${o.minRoomSize} is above maxRoomSize ${o.maxRoomSize}`);
  }
  if (o.joins > 0 && o.rooms + o.spaces === 0) report(c, childPath(path, 'joins'), 'joins need rooms to join: give rooms');
  if (Number(o.roomVersion) < 8 && o.restricted > 0 && o.inSpace > 0 && has(raw, 'roomVersion')) {
    report(c, childPath(path, 'roomVersion'), `restricted rooms need version 8 or later, got "${o.roomVersion}"; set restricted: 0 for older versions`);
  }
  return o;
}

function has(raw: RawObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(raw, key);
}

function users(raw: RawObject): boolean {
  return has(raw, 'users');
}
