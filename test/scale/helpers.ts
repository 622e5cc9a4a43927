import { expandGenerate, formatProblem, validateScenario, type Scenario } from '../../engine/index';

/** A scenario that is only a `generate:` block, expanded. */
export function generated(options: Record<string, unknown>, seed = '0'): Scenario {
  const loaded = validateScenario({ fedsim: 1, name: 'gen', seed, servers: [], rooms: [], generate: options }, 'gen.json');
  if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
  return expandGenerate(loaded.scenario, 'gen.json');
}
