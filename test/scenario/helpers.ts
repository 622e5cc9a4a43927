/**
 * Shared fixtures for the scenario loader tests: a small valid scenario to vary,
 * and shorthands that return problems as the `file:path: message` lines users see.
 */

import { loadScenario, validateScenario } from '../../engine/scenario/load';
import { formatProblem } from '../../engine/scenario/problems';
import type { Scenario } from '../../engine/scenario/types';

/** Two servers, a public space and a restricted room that allows it. A fresh copy each call. */
export function baseScenario(): Record<string, unknown> {
  return {
    fedsim: 1,
    name: 'base',
    servers: [
      { name: 'hs1', users: ['alice', 'bob'] },
      { name: 'hs2', users: ['carol'] },
    ],
    rooms: [
      { id: '!space:hs1', creator: '@alice:hs1' },
      { id: '!room:hs1', creator: '@alice:hs1', joinRule: 'restricted', allow: ['!space:hs1'] },
    ],
  };
}

/** `baseScenario()` with top-level keys replaced. */
export function withTop(overrides: Record<string, unknown>): Record<string, unknown> {
  return { ...baseScenario(), ...overrides };
}

/** The normalized scenario of a raw value that must be valid. */
export function valid(raw: unknown): Scenario {
  const result = validateScenario(raw, 'test.yaml');
  if (!result.ok) throw new Error(`expected a valid scenario, got:\n${result.problems.map(formatProblem).join('\n')}`);
  return result.scenario;
}

/** The formatted problems of a raw value that must be invalid. */
export function problems(raw: unknown, file = 'test.yaml'): string[] {
  const result = validateScenario(raw, file);
  if (result.ok) throw new Error('expected problems, but the scenario is valid');
  return result.problems.map(formatProblem);
}

/** The formatted problems of file text (parse and validate); [] when valid. */
export function textProblems(text: string, file: string): string[] {
  const result = loadScenario(text, file);
  return result.ok ? [] : result.problems.map(formatProblem);
}
