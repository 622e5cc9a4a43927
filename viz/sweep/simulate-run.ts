/**
 * One run of a sweep, simulated in the page: the variant scenario (a value, as
 * the sweep made it) validated as a file would be, its `generate:` block expanded
 * with the run's seed, and the engine run with that seed and a trace, the way
 * the visualiser simulates any scenario file.
 */
import { expandGenerate, formatProblem, runScenario, validateScenario, type TraceEvent } from '../../engine/index';
import type { LoadOutcome } from '../model/load-input';

export function simulateVariant(variant: unknown, fileName: string, seed: string): LoadOutcome {
  const validated = validateScenario(variant, fileName);
  if (!validated.ok) return { ok: false, problems: validated.problems.map(formatProblem) };
  const trace: TraceEvent[] = [];
  try {
    const scenario = expandGenerate(validated.scenario, fileName);
    const { report } = runScenario(scenario, { seed, onTrace: (event) => trace.push(event) });
    return { ok: true, dataset: { name: scenario.name, source: 'scenario', scenarioKey: null, report, trace, scenario } };
  } catch (error) {
    return { ok: false, problems: [`${fileName}: the simulation failed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
