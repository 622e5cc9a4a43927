/**
 * `fedsim sweep FILE --vary PATH=V1,V2,… --replications R`: the scenario run at
 * every point of the grid, R seeds per point, summarised with 95% intervals in
 * sweep.json and sweep.csv (../shared/contract/sweep-format.md), and
 * `fedsim sweep merge PART.json… --out DIR` to join the shards of one sweep.
 */
import { isAbsolute, relative } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  createSweepAccumulator,
  formatProblem,
  MAX_SWEEP_RUNS,
  mergeSweepReports,
  parseShard,
  parseVaryArgument,
  planSweep,
  sweepRuns,
  type Shard,
  type SweepPart,
  type VaryAxis,
} from '../../engine/index';
import { InputProblems, type CliContext } from '../cli-context';
import { formatSweepSummary } from '../format/sweep-summary';
import { packageVersion } from '../io/package-version';
import { createCountProgress } from '../io/progress';
import { readText } from '../io/read-scenario';
import { createExecutor, defaultWorkers } from '../sweep/executors';
import { defaultOutDir, prepareOutputs, readSweepInput, writeSweepFiles } from '../sweep/sweep-files';


interface SweepArgs {
  file: string;
  vary?: string[];
  replications: number;
  seed?: string;
  workers?: number;
  out?: string;
  queue?: string;
  shard?: string;
  force?: boolean;
  progress?: boolean;
}

interface MergeArgs {
  parts: string[];
  out: string;
  force?: boolean;
}

/** `fedsim sweep …`: its two forms are subcommands, the run being the default one (yargs checks each form's own required options). */
export function sweepCommand(context: CliContext): CommandModule<object, object> {
  return {
    command: 'sweep',
    describe: 'run a scenario over a grid of values with several seeds per point; 95% intervals in sweep.json and sweep.csv',
    builder: (yargs: Argv) => yargs.command(mergeCommand(context) as never).command(runSweepCommand(context) as never),
    handler: () => {},
  };
}

function runSweepCommand(context: CliContext): CommandModule<object, SweepArgs> {
  return {
    command: '$0 <file>',
    describe: 'run FILE at every point of the --vary grid, --replications seeds per point',
    builder: (yargs: Argv) =>
      yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
        .option('vary', { type: 'string', array: true, describe: 'PATH=V1,V2,…: a path into the scenario as written (network.loss, generate.misconfig.allowWithoutAuthoriser, servers.2.implementation) and its values as YAML scalars; several make a grid, the first slowest' })
        .option('replications', { type: 'number', demandOption: true, describe: 'runs per point; replication r of point p has the seed "<S>/<p>/<r>"' })
        .option('seed', { type: 'string', describe: "S of the run seeds (default: the scenario's seed)" })
        .option('workers', { type: 'number', describe: `runs at once in worker threads (default: one per core, here ${defaultWorkers()}); 1 runs in this process` })
        .option('out', { type: 'string', describe: 'folder for sweep.json and sweep.csv (default ./sweep-<name>/)' })
        .option('queue', { type: 'string', describe: 'redis://HOST:PORT: run on a job queue served by `fedsim worker`' })
        .option('shard', { type: 'string', describe: 'k/N: run only slice k of N of the run list (join the parts with `fedsim sweep merge`)' })
        .option('force', { type: 'boolean', describe: 'replace output files even if fedsim did not write them' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr (default: when stderr is a terminal)' }) as unknown as Argv<SweepArgs>,
    handler: (args: ArgumentsCamelCase<SweepArgs>) => runSweep(context, args),
  };
}

function mergeCommand(context: CliContext): CommandModule<object, MergeArgs> {
  return {
    command: 'merge <parts..>',
    describe: 'join the partial reports of `fedsim sweep --shard k/N` into the whole sweep',
    builder: (yargs: Argv) =>
      yargs
        .positional('parts', { type: 'string', array: true, demandOption: true, describe: 'the shards\' sweep.json files' })
        .option('out', { type: 'string', demandOption: true, describe: 'folder for the merged sweep.json and sweep.csv' })
        .option('force', { type: 'boolean', describe: 'replace output files even if fedsim did not write them' }) as unknown as Argv<MergeArgs>,
    handler: (args: ArgumentsCamelCase<MergeArgs>) => mergeSweep(context, args),
  };
}

/** The options, and every problem with them (as lines to print). */
function readOptions(args: SweepArgs): { vary: VaryAxis[]; shard: Shard | null; problems: string[] } {
  const problems: string[] = [];
  const vary: VaryAxis[] = [];
  for (const text of args.vary ?? []) {
    const axis = parseVaryArgument(String(text));
    if (axis.ok) vary.push(axis.value);
    else problems.push(`--vary: ${axis.message}`);
  }
  if (!(Number.isSafeInteger(args.replications) && args.replications >= 1)) problems.push(`--replications: expected a positive integer, got ${args.replications}`);
  if (args.workers !== undefined && !(Number.isSafeInteger(args.workers) && args.workers >= 1)) problems.push(`--workers: expected a positive integer, got ${args.workers}`);
  let shard: Shard | null = null;
  if (args.shard !== undefined) {
    const parsed = parseShard(String(args.shard));
    if (parsed.ok) shard = parsed.value;
    else problems.push(`--shard: ${parsed.message}`);
  }
  if (args.seed !== undefined && String(args.seed) === '') problems.push('--seed: expected a seed, got nothing');
  return { vary, shard, problems: problems.map((p) => `fedsim sweep: ${p}`) };
}

async function runSweep(context: CliContext, args: SweepArgs): Promise<void> {
  const { vary, shard, problems } = readOptions(args);
  // Before the grid is made: a typo in a value list must not fill memory with points.
  const total = vary.reduce((n, axis) => n * axis.values.length, 1) * (problems.length > 0 ? 1 : args.replications);
  if (total > MAX_SWEEP_RUNS) problems.push(`fedsim sweep: ${total} runs (the grid's points × --replications) is more than a sweep takes (${MAX_SWEEP_RUNS})`);
  if (problems.length > 0 && total > MAX_SWEEP_RUNS) throw new InputProblems(problems);
  const input = readSweepInput(args.file);
  // The variants are checked even when an option is wrong, so one attempt shows every problem.
  const replications = problems.length > 0 ? 1 : args.replications;
  const planned = planSweep({ base: input.base, fileName: input.fileName, vary, replications, ...(args.seed !== undefined ? { seed: String(args.seed) } : {}) });
  if (!planned.ok) problems.push(...planned.problems.map(formatProblem));
  if (problems.length > 0 || !planned.ok) throw new InputProblems(problems);
  const { plan } = planned;
  const outputOptions = { force: args.force ?? false, inputs: [args.file] };
  const outputs = prepareOutputs(args.out !== undefined ? args.out : defaultOutDir(context.io.cwd, plan.scenario, shard), outputOptions);
  const specs = sweepRuns(plan, shard);
  const executor = createExecutor({ ...(args.workers !== undefined ? { workers: args.workers } : {}), ...(args.queue !== undefined ? { queue: String(args.queue) } : {}) });
  const accumulator = createSweepAccumulator({ fedsim: packageVersion(), scenario: plan.scenario, scenarioHash: input.hash, fileName: plan.fileName, seed: plan.seed, vary: plan.vary, replications: plan.replications, baseScenario: plan.base });
  const started = Date.now();
  const progress = createCountProgress(context.io, specs.length, args.progress, 'fedsim sweep');
  try {
    await executor.run(specs, (result) => {
      // A repeat (a job queue may deliver a run twice) is ignored and does not count.
      if (accumulator.add(result)) progress.update(accumulator.runs);
    });
  } finally {
    progress.stop();
    await executor.close();
  }
  const report = accumulator.report({ shard, timing: { wallMs: Date.now() - started, workers: executor.parallelism } });
  writeSweepFiles(outputs, report, outputOptions);
  context.io.stdout(formatSweepSummary(report, [shown(context, outputs.json), shown(context, outputs.csv)]));
}

/** `path` as the user would type it: relative to the working directory when inside it. */
function shown(context: CliContext, path: string): string {
  const inside = relative(context.io.cwd, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

async function mergeSweep(context: CliContext, args: MergeArgs): Promise<void> {
  const parts: SweepPart[] = [];
  const problems: string[] = [];
  for (const file of args.parts.map(String)) {
    try {
      parts.push({ file, value: JSON.parse(readText(file)) as unknown });
    } catch (error) {
      if (error instanceof InputProblems) problems.push(...error.lines);
      else problems.push(`${file}: not JSON: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new InputProblems(problems);
  const merged = mergeSweepReports(parts);
  if (!merged.ok) throw new InputProblems(merged.problems.map(formatProblem));
  const outputOptions = { force: args.force ?? false, inputs: args.parts.map(String) };
  const outputs = prepareOutputs(args.out, outputOptions);
  writeSweepFiles(outputs, merged.report, outputOptions);
  context.io.stdout(formatSweepSummary(merged.report, [shown(context, outputs.json), shown(context, outputs.csv)]));
}
