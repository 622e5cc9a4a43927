/**
 * `fedsim resilience FILE [--json] [--verify] [--at T]`: which servers each
 * restricted room cannot do without. For every allowed room, the servers that
 * would authorise its members' joins (each by its own implementation) and how
 * many must fail; the servers whose loss alone locks members out; with --verify,
 * the timeline joins each of those servers' crash from t = 0 actually costs.
 * Exit 1 when some room is broken or one failure away (like lint's errors).
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { analyseResilience, joinsLostWithout, toResilienceReport, type VerifyPhase } from '../../engine/index';
import { EXIT_FAILED, UserError, type CliContext } from '../cli-context';
import { formatResilience } from '../format/resilience';
import { readScenario, STDIN } from '../io/read-scenario';
import { createProgress, type Progress } from '../io/progress';

interface ResilienceArgs {
  file: string;
  json?: boolean;
  verify?: boolean;
  at?: number;
  seed?: string;
  progress?: boolean;
}

export function resilienceCommand(context: CliContext): CommandModule<object, ResilienceArgs> {
  return {
    command: 'resilience <file>',
    describe: 'find the servers your restricted rooms cannot do without',
    builder: (yargs: Argv) =>
      yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json), or - for standard input' })
        .option('json', { type: 'boolean', describe: 'print { rooms, criticalServers } as JSON' })
        .option('verify', { type: 'boolean', describe: 're-run with each critical server crashed from t = 0 and list the timeline joins lost' })
        .option('at', { type: 'number', describe: 'analyse the servers\' views after running the timeline up to this simulated time (ms)' })
        .option('seed', { type: 'string', describe: "override the scenario's seed (for --at and --verify)" })
        .option('progress', { type: 'boolean', describe: 'progress of each simulation on stderr (default: when stderr is a terminal and it takes over a second)' }) as unknown as Argv<ResilienceArgs>,
    handler: (args: ArgumentsCamelCase<ResilienceArgs>) => {
      if (args.at !== undefined && !(Number.isFinite(args.at) && args.at >= 0)) {
        throw new UserError(`--at: expected a simulated time in ms, 0 or more, got ${String(args.at)}`);
      }
      // yargs hands `-` (standard input) over as ''.
      const file = typeof args.file === 'string' && args.file !== '' ? args.file : STDIN;
      const scenario = readScenario(file);
      const seed = args.seed !== undefined ? { seed: args.seed } : {};
      const lastActionAt = scenario.timeline[scenario.timeline.length - 1]?.at ?? 0;
      let analysis;
      const upTo = createProgress(context.io, args.at ?? 0, args.progress, `fedsim resilience: running up to ${args.at ?? 0} ms`);
      try {
        analysis = analyseResilience(scenario, { ...seed, ...(args.at !== undefined ? { at: args.at } : {}), onProgress: upTo.update });
      } finally {
        upTo.stop();
      }
      let joinsLost: Map<string, string[]> | null = null;
      if (args.verify) {
        const bars = phaseProgress(context, lastActionAt, args.progress);
        try {
          joinsLost = joinsLostWithout(scenario, analysis.criticalServers.map((c) => c.server), { ...seed, onProgress: bars.update });
        } finally {
          bars.stop();
        }
      }
      if (args.json) context.io.stdout(JSON.stringify(toResilienceReport(analysis, joinsLost ?? undefined), null, 2) + '\n');
      else context.io.stdout(formatResilience(file, analysis, joinsLost, args.at));
      if (analysis.rooms.some((r) => r.minFailures <= 1)) context.exitCode = EXIT_FAILED;
    },
  };
}

/** A progress bar per simulation of --verify, labelled by which server is down. */
function phaseProgress(context: CliContext, lastActionAt: number, requested: boolean | undefined): { update: (phase: VerifyPhase, events: number, simTime: number) => void; stop: () => void } {
  let current: Progress | null = null;
  let key = '';
  return {
    update(phase, events, simTime) {
      const label = phase.server === null ? 'fedsim resilience: plain run' : `fedsim resilience: ${phase.server} down (${phase.step}/${phase.of})`;
      if (label !== key) {
        current?.stop();
        key = label;
        current = createProgress(context.io, lastActionAt, requested, label);
      }
      current?.update(events, simTime);
    },
    stop() {
      current?.stop();
    },
  };
}
