/**
 * The whole scenario file (scenario-format.md, "Top level"): checks every section,
 * fills in the defaults and returns the normalized Scenario of types.ts. Sections
 * are read in dependency order (servers, then rooms, then the timeline, then
 * expectations) so that each reference can be checked against what it names.
 */

import type { Checker, Reader } from './check';
import {
  checkKeys,
  readEnum,
  readNonEmptyString,
  readNonNegativeInteger,
  readObject,
  readOptional,
  readRequired,
  readString,
  report,
} from './check';
import { describeValue } from './describe';
import { checkProfileSettings } from '../federation/settings';
import { createDirectory } from './directory';
import { getOwn, hasOwn, isRawObject, setOwn } from './own';
import type { RawObject } from './own';
import { childPath } from './path';
import type { ErrcodeDialect, Scenario } from './types';
import { validateExpect } from './validate-expect';
import { defaultNetwork, validateNetwork } from './validate-network';
import { validateRooms } from './validate-rooms';
import { validateDefaults, validateServers } from './validate-servers';
import { validateTimeline } from './validate-timeline';
import { FORMAT_KEYS } from './format-keys';

const TOP_LEVEL_KEYS = FORMAT_KEYS.top;

export const ERRCODE_DIALECTS: readonly ErrcodeDialect[] = ['spec', 'msc3083-draft'];

const readFormatVersion: Reader<1> = (c, value, path) => {
  if (value === 1) return 1;
  report(c, path, `expected 1, the only format version, got ${describeValue(value)}`);
  return undefined;
};

/** A string, or an integer taken as its decimal string. */
const readSeed: Reader<string> = (c, value, path) => {
  if (typeof value === 'string') return value;
  if (Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'number' && Number.isInteger(value)) {
    // Past 2^53 the number YAML or JSON gives back is no longer the one written.
    report(c, path, `integer ${c.numberTexts?.get(value) ?? describeValue(value)} is too large to keep exactly; write the seed as a string`);
    return undefined;
  }
  report(c, path, `expected a string or an integer, got ${describeValue(value)}`);
  return undefined;
};

/** An object of objects, e.g. per-implementation settings; the inner objects are passed on as given. */
const readObjectOfObjects: Reader<Record<string, Record<string, unknown>>> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  const out: Record<string, Record<string, unknown>> = {};
  let ok = true;
  for (const key of Object.keys(object)) {
    const inner = readObject(c, getOwn(object, key), childPath(path, key));
    if (inner === undefined) ok = false;
    else setOwn(out, key, inner);
  }
  return ok ? out : undefined;
};

/**
 * Reads `raw` as a scenario, reporting every problem to `c`. The result has every
 * default filled in; it is only meaningful when `c` has no problems.
 */
export function toScenario(c: Checker, raw: unknown): Scenario {
  const dir = createDirectory();
  const scenario: Scenario = {
    fedsim: 1,
    name: '',
    seed: '0',
    errcodes: 'spec',
    network: defaultNetwork(),
    servers: [],
    rooms: [],
    timeline: [],
    expect: [],
  };
  const root = readRootObject(c, raw);
  if (root === undefined) return scenario;
  checkKeys(c, root, '', TOP_LEVEL_KEYS);
  readRequired(c, root, '', 'fedsim', readFormatVersion);
  scenario.name = readRequired(c, root, '', 'name', readNonEmptyString) ?? '';
  const description = readOptional(c, root, '', 'description', readString);
  if (description !== undefined) scenario.description = description;
  scenario.seed = readOptional(c, root, '', 'seed', readSeed) ?? '0';
  scenario.errcodes = readOptional(c, root, '', 'errcodes', readEnum(ERRCODE_DIALECTS)) ?? 'spec';

  const defaults = validateDefaults(c, getOwn(root, 'defaults'), 'defaults');
  if (requireSection(c, root, 'servers')) scenario.servers = validateServers(c, getOwn(root, 'servers'), 'servers', dir, defaults);
  else dir.serversComplete = false;
  scenario.network = validateNetwork(c, getOwn(root, 'network'), 'network', dir);
  if (requireSection(c, root, 'rooms')) scenario.rooms = validateRooms(c, getOwn(root, 'rooms'), 'rooms', dir);
  else dir.roomsComplete = false;
  const timeline = validateTimeline(c, getOwn(root, 'timeline'), 'timeline', dir);
  scenario.timeline = timeline.actions;
  scenario.expect = validateExpect(c, getOwn(root, 'expect'), 'expect', dir, timeline.joinIds);

  const until = readOptional(c, root, '', 'until', readNonNegativeInteger);
  if (until !== undefined) scenario.until = until;
  const profileSettings = readOptional(c, root, '', 'profileSettings', readObjectOfObjects);
  if (profileSettings !== undefined) {
    scenario.profileSettings = profileSettings;
    // Settings are the profiles' own vocabulary, so the profiles check them; each
    // problem comes back as "profileSettings.<impl>.<key>: message".
    for (const problem of checkProfileSettings(profileSettings)) {
      const colon = problem.indexOf(': ');
      report(c, problem.slice(0, colon), problem.slice(colon + 2));
    }
  }
  const generate = readOptional(c, root, '', 'generate', readObject);
  if (generate !== undefined) scenario.generate = generate;
  return scenario;
}

function readRootObject(c: Checker, raw: unknown): RawObject | undefined {
  if (isRawObject(raw)) return raw;
  const message = raw === null || raw === undefined ? 'the file is empty' : `expected an object at the top level, got ${describeValue(raw)}`;
  report(c, '', `${message}; a scenario needs at least fedsim, name, servers and rooms`);
  return undefined;
}

/** Whether the required section `key` is there; reports it when not. */
function requireSection(c: Checker, root: RawObject, key: string): boolean {
  if (hasOwn(root, key)) return true;
  report(c, key, 'missing required field');
  return false;
}
