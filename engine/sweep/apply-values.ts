/**
 * A point's variant of a scenario: the parsed file (the scenario as written) with
 * each varied path set to the point's value, made with immer's `produce` so the
 * base and the other points stay untouched. A key the file leaves out is created
 * (the format's default is then replaced; whether the format has the key is the
 * validator's to say); list items are addressed only by the index of an item the
 * list has. Whether the variant is a valid scenario is checked by the planner.
 */
import { produce } from 'immer';
import { childPath } from '../scenario/path';
import type { Problem } from '../scenario/problems';
import type { VaryValue } from './types';
import { parseVaryPath, type PathSegment } from './vary';

/** The variant, or the problems with the paths and the variant with the other paths set (so it can be checked too). */
export type VariantResult = { ok: true; scenario: unknown } | { ok: false; problems: Problem[]; scenario?: unknown };

/** Keys that would reach an object's prototype rather than its data. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `a ${typeof value}`;
}

/** Sets each `path → value` of `values` in a copy of `base` (the parsed scenario file); every problem named after `fileName`. */
export function applyPointValues(base: unknown, values: Record<string, VaryValue>, fileName: string): VariantResult {
  const problems: Problem[] = [];
  if (!isMap(base)) return { ok: false, problems: [{ file: fileName, path: '', message: 'the scenario file is not a map, so no path can be set in it' }] };
  const variant = produce(base, (draft) => {
    for (const [path, value] of Object.entries(values)) {
      const parsed = parseVaryPath(path);
      if (!parsed.ok) {
        problems.push({ file: fileName, path: '', message: `--vary ${parsed.message}` });
        continue;
      }
      const problem = setAt(draft, parsed.value, value);
      if (problem) problems.push({ file: fileName, path: problem.at, message: `--vary ${path}: ${problem.message}` });
    }
  });
  return problems.length > 0 ? { ok: false, problems, scenario: variant } : { ok: true, scenario: variant };
}

/** Sets `value` at `segments` inside `root`; a problem (where, and what) when the path cannot be followed. */
function setAt(root: Record<string, unknown>, segments: readonly PathSegment[], value: VaryValue): { at: string; message: string } | null {
  let container: unknown = root;
  let at = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as PathSegment;
    const last = i === segments.length - 1;
    if (Array.isArray(container)) {
      if (typeof segment !== 'number') return { at, message: `${at || 'the scenario'} is a list; address its items by index, not "${segment}"` };
      if (segment >= container.length) return { at, message: `${at} has ${container.length} item${container.length === 1 ? '' : 's'}, so there is no item ${segment}` };
      if (last) container[segment] = value;
      else container = container[segment];
      at = childPath(at, segment);
      continue;
    }
    if (!isMap(container)) return { at, message: `${at} is ${kindOf(container)}, which has no "${segment}" inside` };
    const key = String(segment);
    if (FORBIDDEN_KEYS.has(key)) return { at: childPath(at, key), message: `"${key}" is not a key of the scenario format` };
    const next = childPath(at, key);
    if (last) {
      container[key] = value;
      return null;
    }
    if (!Object.prototype.hasOwnProperty.call(container, key) || container[key] === undefined) {
      // A key the file leaves out: the path goes on into a map made here; a list cannot be made, since its items would be missing.
      if (typeof segments[i + 1] === 'number') {
        return { at: next, message: `the file has no ${next}, so it has no item ${segments[i + 1]} to set` };
      }
      container[key] = {};
    }
    container = container[key];
    at = next;
  }
  return null;
}
