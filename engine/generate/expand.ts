/**
 * Expanding a scenario's `generate:` block: the generated servers, rooms and joins
 * are appended to what the file itself lists, and the block is dropped, so the
 * result is an ordinary scenario. The options are checked first and every problem
 * comes back as `file:generate.x: message`.
 */
import { createChecker, hasProblems, problemsOf, report } from '../scenario/check';
import type { Problem } from '../scenario/problems';
import type { JoinAction, Scenario, TimelineAction } from '../scenario/types';
import { readGenerateOptions, type GenerateOptions } from './options';
import { generateFederation } from './population';

/** Thrown by expandGenerate when the block is invalid; `problems` say why, one per line. */
export class GenerateProblems extends Error {
  override name = 'GenerateProblems';
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => `${p.file}:${p.path}: ${p.message}`).join('\n'));
  }
}

/** The options of `scenario.generate`, or every problem with them (named after `fileName`). */
export function checkGenerate(scenario: Scenario, fileName: string): { ok: true; options: GenerateOptions } | { ok: false; problems: Problem[] } {
  const c = createChecker(fileName);
  const options = readGenerateOptions(c, scenario.generate ?? {}, 'generate', scenario.seed);
  if (!hasProblems(c)) {
    // Generated servers are s1..sN; a file that names one itself would get two. The
    // file's own servers are looked at, not all N names (N may be in the billions).
    const clash = scenario.servers
      .map((s) => /^s([1-9]\d*)$/.exec(s.name)?.[1])
      .filter((n): n is string => n !== undefined && Number(n) <= options.servers)
      .map(Number)
      .sort((a, b) => a - b)[0];
    if (clash !== undefined) {
      report(c, 'generate.servers', `the file already has a server named s${clash}, a name the generator uses for its servers s1..s${options.servers}; rename it`);
    }
  }
  return hasProblems(c) ? { ok: false, problems: problemsOf(c) } : { ok: true, options };
}

/**
 * The scenario with its `generate:` block expanded (unchanged when it has none).
 * Throws GenerateProblems when the block is invalid; call checkGenerate first to
 * report the problems the usual way.
 */
export function expandGenerate(scenario: Scenario, fileName = 'scenario'): Scenario {
  if (scenario.generate === undefined) return scenario;
  const checked = checkGenerate(scenario, fileName);
  if (!checked.ok) throw new GenerateProblems(checked.problems);
  const options = checked.options;
  const raw = scenario.generate;
  const fed = generateFederation(options);

  const timeline = scenario.timeline.slice();
  let index = timeline.reduce((max, a) => Math.max(max, a.index), -1) + 1;
  let joinNumber = scenario.timeline.filter((a) => a.do === 'join').length;
  const ids = new Set(scenario.timeline.map((a) => a.id).filter((id): id is string => id !== undefined));
  for (const join of fed.joins) {
    let id = `join-${++joinNumber}`;
    // The file may already use this name; the generated join then takes a distinct one.
    while (ids.has(id)) id = `gen-${id}`;
    const action: JoinAction = { do: 'join', user: join.user, room: join.room, via: join.via, at: join.at, index: index++, id };
    timeline.push(action);
  }
  if (scenario.timeline.length > 0) timeline.sort(byRunOrder);

  const { generate: _dropped, ...rest } = scenario;
  return {
    ...rest,
    network: {
      ...scenario.network,
      latency: hasOwnKey(raw, 'latency') ? options.latency : scenario.network.latency,
      loss: hasOwnKey(raw, 'loss') ? options.loss : scenario.network.loss,
    },
    servers: [...scenario.servers, ...fed.servers],
    rooms: [...scenario.rooms, ...fed.rooms],
    timeline,
  };
}

function byRunOrder(a: TimelineAction, b: TimelineAction): number {
  return a.at - b.at || a.index - b.index;
}

function hasOwnKey(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}
