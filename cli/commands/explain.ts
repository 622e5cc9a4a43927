/**
 * `fedsim explain FILE --join ID` (or `--all-failed`, the default): the causal
 * story of joins: what each asked server knew, which check decided, how the
 * joiner took it, and the smallest scenario change that lets a failed join in.
 * `--report OUT` writes the run report with `explanation` on those joins.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { explainJoins, joinIds, type ExplainPhase } from '../../engine/index';
import { UserError, type CliContext } from '../cli-context';
import { formatExplanation } from '../format/explanation';
import { withExamples } from '../help-text';
import { checkDistinctOutputs, checkWritable, writeOutputFile } from '../io/output-file';
import { formatOf, outPath, withFormatOption, withOutOption } from '../options';
import { reportJsonChunks } from '../io/report-json';
import { readScenario } from '../io/read-scenario';
import { createProgress, type Progress } from '../io/progress';

interface ExplainArgs {
  file: string;
  join?: string[];
  allFailed?: boolean;
  json?: boolean;
  format?: 'text' | 'json';
  seed?: string;
  out?: string;
  report?: string;
  /** true: search without a budget; false: no search; unset: search within DEFAULT_FIX_EVENT_BUDGET. */
  fixes?: boolean;
  force?: boolean;
  progress?: boolean;
}

/**
 * Without --join or --all-failed, the failed joins explained: a generated
 * federation can have thousands, each worth a page, and a person reads the first few.
 */
export const DEFAULT_EXPLAINED_JOINS = 10;
/**
 * Simulated events the fix searches of one command may spend unless --fixes is
 * given: about twenty seconds on the development machine (a re-simulation also
 * copies the scenario and builds its report). A small scenario never comes near
 * it (a gallery run is a few hundred events); in a 20 000-join federation (300 000
 * events a run) it pays for the joins with the fewest candidate changes.
 */
export const DEFAULT_FIX_EVENT_BUDGET = 10_000_000;
/** Join ids an unknown --join lists as the scenario's own. */
const IDS_LISTED = 10;

function suggest(id: string, ids: readonly string[]): string {
  // The shortest id that contains the given one (or is contained in it) is the likeliest slip.
  const close = ids
    .filter((other) => other.toLowerCase().includes(id.toLowerCase()) || id.toLowerCase().includes(other.toLowerCase()))
    .sort((a, b) => Math.abs(a.length - id.length) - Math.abs(b.length - id.length));
  return close[0] !== undefined ? `; did you mean ${JSON.stringify(close[0])}?` : '';
}

export function explainCommand(context: CliContext): CommandModule<object, ExplainArgs> {
  return {
    command: 'explain <file>',
    describe: 'tell the story of a join: who answered what, why, and the smallest change that lets it in',
    builder: (yargs: Argv) => {
      let y = yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json); - reads standard input' })
        .option('join', { type: 'string', array: true, describe: 'id of the join to explain (repeatable)' })
        .option('all-failed', { type: 'boolean', describe: `explain every failed join (without --join: the first ${DEFAULT_EXPLAINED_JOINS})` })
        .option('seed', { type: 'string', describe: "override the scenario's seed" }) as unknown as Argv<ExplainArgs>;
      y = withFormatOption(y, ['text', 'json'], 'print the explanations as text or JSON (default text)');
      y = withOutOption(y, 'write the run report, with explanations, to this file (- for standard output)', ['report']);
      y = y
        .option('fixes', {
          type: 'boolean',
          describe: `search for the smallest fix with no bound on the re-simulations (default: up to ${DEFAULT_FIX_EVENT_BUDGET.toLocaleString('en')} simulated events in all; --no-fixes skips the search)`,
        })
        .option('force', { type: 'boolean', describe: 'replace the report file even if fedsim did not write it (regular files only)' })
        .option('progress', { type: 'boolean', describe: 'progress of each simulation on stderr (default: when stderr is a terminal and it takes over a second)' })
        .conflicts('join', 'all-failed');
      return withExamples(y, [
        ['$0 explain scenarios/gallery/allow-typo.yaml', 'why the first failed joins failed, and the smallest fix for each'],
        ['$0 explain lab.yaml --join dave --format json', 'one join, as JSON'],
        ['$0 explain lab.yaml --all-failed -o report.json', 'every failed join, and the report with the explanations'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<ExplainArgs>) => {
      const out = outPath(args, ['report']);
      const format = formatOf<'text' | 'json'>(args, 'text');
      checkDistinctOutputs([
        { option: '--out', path: out },
        { option: 'the explanations', path: '-' },
      ]);
      const scenario = readScenario(args.file);
      const ids = joinIds(scenario);
      for (const id of args.join ?? []) {
        if (!ids.includes(id)) {
          const listed = ids.length > IDS_LISTED ? `${ids.slice(0, IDS_LISTED).join(', ')} and ${ids.length - IDS_LISTED} more` : ids.join(', ');
          const known = ids.length > 0 ? `; its joins are ${listed}` : '; it has no joins';
          throw new UserError(`${args.file}: no join with id "${id}"${suggest(id, ids)}${known}`);
        }
      }
      const outputOptions = { force: args.force ?? false, inputs: [args.file] };
      if (out !== undefined) checkWritable(out, outputOptions);
      const chosen = args.join !== undefined && args.join.length > 0;
      const lastActionAt = scenario.timeline.length > 0 ? (scenario.timeline[scenario.timeline.length - 1]?.at ?? 0) : 0;
      const progress = phaseProgress(context, lastActionAt, args.progress);
      let explained;
      try {
        explained = explainJoins(scenario, {
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(chosen ? { joins: args.join } : {}),
          ...(!chosen && !args.allFailed ? { maxJoins: DEFAULT_EXPLAINED_JOINS } : {}),
          fixes: args.fixes !== false,
          ...(args.fixes === undefined ? { fixEventBudget: DEFAULT_FIX_EVENT_BUDGET } : {}),
          onProgress: progress.update,
        });
      } finally {
        progress.stop();
      }
      const { report, explanations } = explained;
      // In chunks: a big run's report is longer than the longest string V8 can hold.
      if (out !== undefined) writeOutputFile(out, reportJsonChunks(report), outputOptions, context.io.stdout);
      if (format === 'json') {
        context.io.stdout(JSON.stringify(explanations, null, 2) + '\n');
        return;
      }
      if (explanations.length === 0) {
        context.io.stdout(`${args.file}: no failed joins to explain\n`);
        return;
      }
      const failed = report.joins.filter((j) => j.outcome === 'failed').length;
      // Say which joins these are when they are not all the failed ones the user may expect.
      const note = !chosen && explanations.length < failed ? `(the first ${explanations.length} of ${failed} failed joins; --join ID explains any other, --all-failed every one)\n\n` : '';
      context.io.stdout(note + explanations.map(formatExplanation).join('\n'));
    },
  };
}

/** What each simulation of explain is for, as its progress bar says. */
function phaseLabel(phase: ExplainPhase): string {
  switch (phase.kind) {
    case 'find-failed':
      return 'fedsim explain: finding the failed joins';
    case 'observe':
      return `fedsim explain: observing ${phase.joins} join${phase.joins === 1 ? '' : 's'}`;
    case 'fix-search':
      return `fedsim explain: fixes for ${phase.join}, ${phase.candidate + 1}/${phase.candidates}`;
  }
}

/** A progress bar per simulation (createProgress: quiet under a second, bar or lines), labelled by phase. */
function phaseProgress(context: CliContext, lastActionAt: number, requested: boolean | undefined): { update: (phase: ExplainPhase, events: number, simTime: number) => void; stop: () => void } {
  let label = '';
  let current: Progress | null = null;
  return {
    update(phase, events, simTime) {
      const next = phaseLabel(phase);
      if (next !== label) {
        current?.stop();
        label = next;
        current = createProgress(context.io, lastActionAt, requested, label);
      }
      current?.update(events, simTime);
    },
    stop() {
      current?.stop();
      current = null;
    },
  };
}
