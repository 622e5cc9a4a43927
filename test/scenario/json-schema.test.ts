/**
 * `fedsim schema` and the validator agree: every shipped scenario passes both, and
 * every broken scenario made from a shipped one (an unknown key added to an
 * object, a value replaced by one of the wrong kind, a required key removed) is
 * refused by the validator, while the schema flags the same place whenever the
 * validator's problem is one of shape (unknown key, missing field, wrong kind).
 * The schema never refuses what the validator accepts.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { checkGenerate } from '../../engine/generate/expand';
import { scenarioJsonSchema } from '../../engine/scenario/json-schema';
import { validateScenario, type LoadResult } from '../../engine/scenario/load';
import { parseScenarioText } from '../../engine/scenario/parse';
import { childPath } from '../../engine/scenario/path';
import { findScenarioFiles } from '../../cli/commands/test';
import { scenarioSchemaText } from '../../cli/commands/schema';
import { checkAgainstSchema } from './json-schema-check';

const schema = scenarioJsonSchema();
const shipped = findScenarioFiles(['scenarios']).files;

/** The validator as `fedsim run` applies it: the format, then a `generate:` block's options. */
function validate(raw: unknown, file: string): LoadResult {
  const result = validateScenario(raw, file);
  if (!result.ok || result.scenario.generate === undefined) return result;
  const checked = checkGenerate(result.scenario, file);
  return checked.ok ? result : { ok: false, problems: checked.problems };
}

function rawOf(file: string): unknown {
  const parsed = parseScenarioText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`${file} does not parse`);
  return parsed.value;
}

/** Whether two data paths name the same place or one lies inside the other. */
function related(a: string, b: string): boolean {
  const inside = (outer: string, inner: string): boolean => outer === '' || inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
  return inside(a, b) || inside(b, a);
}

/** Every object in `value` with its path, children first in document order. */
function objectsOf(value: unknown, path = ''): { path: string; object: Record<string, unknown> }[] {
  const out: { path: string; object: Record<string, unknown> }[] = [];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...objectsOf(item, childPath(path, i))));
  else if (value !== null && typeof value === 'object') {
    out.push({ path, object: value as Record<string, unknown> });
    for (const [key, inner] of Object.entries(value)) out.push(...objectsOf(inner, childPath(path, key)));
  }
  return out;
}

type Mutation = { label: string; apply: (copy: unknown) => string };

/** Follows `steps` (keys and indexes) from the root of `copy`. */
function at(copy: unknown, steps: (string | number)[]): Record<string, unknown> {
  let node = copy as Record<string | number, unknown>;
  for (const step of steps) node = node[step] as Record<string | number, unknown>;
  return node as Record<string, unknown>;
}

/** Steps (keys and indexes) to every object, alongside its path. */
function stepsToObjects(value: unknown, steps: (string | number)[] = [], path = ''): { steps: (string | number)[]; path: string; keys: string[] }[] {
  const out: { steps: (string | number)[]; path: string; keys: string[] }[] = [];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...stepsToObjects(item, [...steps, i], childPath(path, i))));
  else if (value !== null && typeof value === 'object') {
    out.push({ steps, path, keys: Object.keys(value) });
    for (const [key, inner] of Object.entries(value)) out.push(...stepsToObjects(inner, [...steps, key], childPath(path, key)));
  }
  return out;
}

/** The broken variants of one shipped scenario: seeded, at most `limit` of them. */
function mutationsOf(raw: unknown, seed: string, limit: number): Mutation[] {
  const all: Mutation[] = [];
  for (const { steps, path, keys } of stepsToObjects(raw)) {
    all.push({ label: `unknown key in ${path || 'the top level'}`, apply: (copy) => ((at(copy, steps).zzUnknownKey = 1), childPath(path, 'zzUnknownKey')) });
    for (const key of keys) {
      all.push({ label: `${childPath(path, key)} as a list of lists`, apply: (copy) => ((at(copy, steps)[key] = [[true]]), childPath(path, key)) });
      all.push({ label: `${childPath(path, key)} as an object`, apply: (copy) => ((at(copy, steps)[key] = { zz: true }), childPath(path, key)) });
      all.push({ label: `${childPath(path, key)} removed`, apply: (copy) => (delete at(copy, steps)[key], childPath(path, key)) });
    }
  }
  const random = seedrandom(seed);
  const chosen: Mutation[] = [];
  while (chosen.length < limit && all.length > 0) chosen.push(all.splice(Math.floor(random() * all.length), 1)[0]!);
  return chosen;
}

/** Problems whose kind the schema can see: shape, not meaning. */
function isShapeProblem(message: string): boolean {
  return message.startsWith('unknown key') || message === 'missing required field';
}

describe('fedsim schema', () => {
  it('is draft 2020-12, and docs/scenario.schema.json is its current output', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    // When the format, the lint codes or the profile settings change: npx fedsim schema -o docs/scenario.schema.json --force
    expect(readFileSync('docs/scenario.schema.json', 'utf8') === scenarioSchemaText(), 'docs/scenario.schema.json is out of date: run npx fedsim schema -o docs/scenario.schema.json --force').toBe(true);
  });

  it('knows every key the validator knows, at every level (from its own unknown-key message)', () => {
    const top = validateScenario({ fedsim: 1, name: 'x', servers: [], rooms: [], zzz: 1 }, 'x.yaml');
    const message = top.ok ? '' : top.problems[0]!.message;
    expect(Object.keys(schema.properties as object)).toEqual(message.replace('unknown key; known keys are ', '').split(', '));
  });

  it('is what the yaml-language-server line of the shipped YAML scenarios points at', () => {
    const lines = shipped.filter((f) => /\.ya?ml$/.test(f)).map((f) => [f, /^# yaml-language-server: \$schema=(\S+)$/m.exec(readFileSync(f, 'utf8'))?.[1]] as const);
    const marked = lines.filter(([, target]) => target !== undefined);
    expect(marked.length).toBeGreaterThan(30);
    for (const [file, target] of marked) expect(resolve(dirname(file), target!), file).toBe(resolve('docs/scenario.schema.json'));
  });

  it('accepts every shipped scenario, as the validator does', () => {
    expect(shipped.length).toBeGreaterThan(30);
    for (const file of shipped) {
      const raw = rawOf(file);
      expect(validate(raw, file).ok, file).toBe(true);
      expect(checkAgainstSchema(schema, raw), file).toEqual([]);
    }
  });

  it('flags what the validator flags in broken scenarios made from the shipped ones, and never refuses more', { timeout: 60_000 }, () => {
    let broken = 0;
    let shapeChecked = 0;
    for (const file of shipped) {
      const original = rawOf(file);
      for (const mutation of mutationsOf(original, file, 40)) {
        const copy = structuredClone(original);
        const where = mutation.apply(copy);
        const validated = validate(copy, file);
        const schemaErrors = checkAgainstSchema(schema, copy);
        const context = `${file}: ${mutation.label}`;
        if (validated.ok) {
          // Accepted by the validator (an optional field removed, say): the schema must accept it too.
          expect(schemaErrors, context).toEqual([]);
          continue;
        }
        broken++;
        for (const error of schemaErrors) {
          expect(validated.problems.some((p) => related(p.path, error.path)), `${context}: schema says ${error.path}: ${error.message}, the validator does not`).toBe(true);
        }
        for (const problem of validated.problems.filter((p) => isShapeProblem(p.message) && related(p.path, where))) {
          shapeChecked++;
          expect(schemaErrors.some((e) => related(e.path, problem.path)), `${context}: the validator says ${problem.path}: ${problem.message}, the schema does not`).toBe(true);
        }
      }
    }
    expect(broken).toBeGreaterThan(500);
    expect(shapeChecked).toBeGreaterThan(200);
  });
});
