/**
 * The `network` section (scenario-format.md, "Network"): the latency model in its
 * three written forms, the loss probability and the per-link overrides.
 */

import type { Checker, Reader } from './check';
import {
  checkKeys,
  readList,
  readNonNegativeInteger,
  readNonNegativeNumber,
  readObject,
  readOptional,
  readPositiveInteger,
  readProbability,
  readRequired,
  report,
} from './check';
import { describeValue } from './describe';
import type { Directory } from './directory';
import { readKnownServer } from './directory';
import { hasOwn } from './own';
import { childPath } from './path';
import { FORMAT_KEYS } from './format-keys';
import type { LatencySpec, LinkSpec, NetworkSpec } from './types';

const NETWORK_KEYS = FORMAT_KEYS.network;
const LATENCY_FORMS = FORMAT_KEYS.latencyForms;
const LOGNORMAL_KEYS = FORMAT_KEYS.lognormal;
const LINK_KEYS = FORMAT_KEYS.link;
const LATENCY_SHAPES = '{fixed: N}, {uniform: [min, max]} or {lognormal: {median, sigma}}';

/** Fixed 50 ms, the contract's default; a fresh object each time, as callers may change theirs. */
export function defaultLatency(): LatencySpec {
  return { type: 'fixed', ms: 50 };
}

/** `{fixed: N}`, `{uniform: [a, b]}` or `{lognormal: {median, sigma}}`, all in ms. */
export const readLatency: Reader<LatencySpec> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, LATENCY_FORMS);
  const forms = LATENCY_FORMS.filter((form) => hasOwn(object, form));
  if (forms.length > 1) {
    report(c, path, `give only one of ${forms.join(', ')}`);
    return undefined;
  }
  if (forms.length === 0) {
    // Unknown keys were reported just above, with their likely spelling.
    if (Object.keys(object).length === 0) report(c, path, `expected ${LATENCY_SHAPES}`);
    return undefined;
  }
  if (forms[0] === 'fixed') {
    const ms = readRequired(c, object, path, 'fixed', readNonNegativeInteger);
    return ms === undefined ? undefined : { type: 'fixed', ms };
  }
  if (forms[0] === 'uniform') return readRequired(c, object, path, 'uniform', readUniform);
  return readRequired(c, object, path, 'lognormal', readLognormal);
};

const readUniform: Reader<LatencySpec> = (c, value, path) => {
  const list = readList(c, value, path);
  if (list === undefined) return undefined;
  if (list.length !== 2) {
    report(c, path, `expected [min, max], got a list of ${list.length}`);
    return undefined;
  }
  const min = readNonNegativeInteger(c, list[0], childPath(path, 0));
  const max = readNonNegativeInteger(c, list[1], childPath(path, 1));
  if (min === undefined || max === undefined) return undefined;
  if (min > max) {
    report(c, path, `min ${min} is greater than max ${max}`);
    return undefined;
  }
  return { type: 'uniform', min, max };
};

const readLognormal: Reader<LatencySpec> = (c, value, path) => {
  const object = readObject(c, value, path);
  if (object === undefined) return undefined;
  checkKeys(c, object, path, LOGNORMAL_KEYS);
  // The median is a time, so whole ms like every other time; sigma is a shape factor.
  const median = readRequired(c, object, path, 'median', readPositiveInteger);
  const sigma = readRequired(c, object, path, 'sigma', readNonNegativeNumber);
  return median === undefined || sigma === undefined ? undefined : { type: 'lognormal', median, sigma };
};

/** The network of a file that has no `network` section. */
export function defaultNetwork(): NetworkSpec {
  return { latency: defaultLatency(), loss: 0, links: [] };
}

/** `network`, with fixed 50 ms and no loss where the file is silent. */
export function validateNetwork(c: Checker, raw: unknown, path: string, dir: Directory): NetworkSpec {
  const network = defaultNetwork();
  if (raw === undefined) return network;
  const object = readObject(c, raw, path);
  if (object === undefined) return network;
  checkKeys(c, object, path, NETWORK_KEYS);
  network.latency = readOptional(c, object, path, 'latency', readLatency) ?? network.latency;
  network.loss = readOptional(c, object, path, 'loss', readProbability) ?? 0;
  const links = readOptional(c, object, path, 'links', readList);
  if (links !== undefined) network.links = validateLinks(c, links, childPath(path, 'links'), dir);
  return network;
}

function validateLinks(c: Checker, list: unknown[], path: string, dir: Directory): LinkSpec[] {
  const links: LinkSpec[] = [];
  // Links are symmetric, so hs1-hs2 and hs2-hs1 are the same link.
  const firstAt = new Map<string, string>();
  list.forEach((item, i) => {
    const linkPath = childPath(path, i);
    const object = readObject(c, item, linkPath);
    if (object === undefined) return;
    checkKeys(c, object, linkPath, LINK_KEYS);
    const between = readRequired(c, object, linkPath, 'between', readPair(dir));
    const latency = readOptional(c, object, linkPath, 'latency', readLatency);
    const loss = readOptional(c, object, linkPath, 'loss', readProbability);
    if (between === undefined) return;
    const key = JSON.stringify([...between].sort());
    const first = firstAt.get(key);
    if (first !== undefined) {
      report(c, childPath(linkPath, 'between'), `${between[0]} and ${between[1]} already have a link (first at ${first})`);
      return;
    }
    firstAt.set(key, linkPath);
    const link: LinkSpec = { between };
    if (latency !== undefined) link.latency = latency;
    if (loss !== undefined) link.loss = loss;
    links.push(link);
  });
  return links;
}

/** Two different listed servers. */
function readPair(dir: Directory): Reader<[string, string]> {
  const readServer = readKnownServer(dir);
  return (c, value, path) => {
    const list = readList(c, value, path);
    if (list === undefined) return undefined;
    if (list.length !== 2) {
      report(c, path, `expected two server names, got a list of ${list.length}`);
      return undefined;
    }
    const a = readServer(c, list[0], childPath(path, 0));
    const b = readServer(c, list[1], childPath(path, 1));
    if (a === undefined || b === undefined) return undefined;
    if (a === b) {
      report(c, path, `a link joins two different servers, got ${describeValue(a)} twice`);
      return undefined;
    }
    return [a, b];
  };
}
