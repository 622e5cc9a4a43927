/**
 * One run of a sweep, simulated in the page: the variant scenario (a value, as
 * the sweep made it) validated as the sweep validates it, its `generate:` block
 * expanded with the run's seed (unless the block names its own), and the engine
 * run with that seed and a trace, the way the visualiser simulates any scenario.
 * The fingerprint is the one sweep.json lists for the run.
 */
import { expandGenerate, formatProblem, runScenario, validateVariant, type TraceEvent } from '../../engine/index';
import type { LoadOutcome } from '../model/load-input';

export function simulateVariant(variant: unknown, fileName: string, seed: string): LoadOutcome {
  const validated = validateVariant(variant, fileName);
  if (!validated.ok) return { ok: false, problems: validated.problems.map(formatProblem) };
  const trace: TraceEvent[] = [];
  try {
    // Expanded here, with the seed runScenario would give the generator, so the views see the generated servers and rooms.
    const given = validated.scenario;
    const scenario = expandGenerate(given.generate !== undefined ? { ...given, seed } : given, fileName);
    const { report } = runScenario(scenario, { seed, onTrace: (event) => trace.push(event) });
    return { ok: true, dataset: { name: scenario.name, source: 'scenario', scenarioKey: null, report, trace, scenario } };
  } catch (error) {
    return { ok: false, problems: [`${fileName}: the simulation failed: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
