/**
 * `fedsim run FILE`: simulate a scenario, print the summary (or the report as JSON),
 * optionally write the report and the trace, and check the scenario's expectations.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { limitReportJoins, lintScenario, runScenario, type RunReport, type TraceEvent } from '../../engine/index';
import { EXIT_FAILED, UserError, type CliContext } from '../cli-context';
import { formatSummary } from '../format/summary';
import { withExamples } from '../help-text';
import { OutputFile, checkDistinctOutputs, checkWritable, isStdout, writeOutputFile } from '../io/output-file';
import { readScenario } from '../io/read-scenario';
import { createProgress } from '../io/progress';
import { reportJsonChunks } from '../io/report-json';
import { formatOf, outPath, withFormatOption, withOutOption } from '../options';
import { startTimings } from '../io/phase-timings';
import { joinsJsonlChunks } from '../io/joins-jsonl';

interface RunArgs {
  file: string;
  seed?: string;
  out?: string;
  report?: string;
  format?: 'text' | 'json';
  json?: boolean;
  trace?: string;
  force?: boolean;
  maxJoins?: number;
  progress?: boolean;
  timings?: boolean;
  joinsJsonl?: string;
}

export function runCommand(context: CliContext): CommandModule<object, RunArgs> {
  return {
    command: 'run <file>',
    describe: 'simulate a scenario file and report which server answered what',
    builder: (yargs: Argv) => {
      let y = yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json); - reads standard input (JSON or YAML)' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" }) as unknown as Argv<RunArgs>;
      y = withOutOption(y, 'write the JSON run report to this file (- for standard output)', ['report']);
      y = withFormatOption(y, ['text', 'json'], 'what to print: the summary (text) or the JSON report (default text)');
      y = y
        .option('trace', { type: 'string', requiresArg: true, describe: 'write the event trace as JSON lines to this file (- for standard output)' })
        .option('force', { type: 'boolean', describe: 'replace output files even if fedsim did not write them (regular files only)' })
        .option('max-joins', { type: 'number', describe: 'keep at most N per-join entries in the report; summary and errcodeMatrix stay complete' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr (default: when stderr is a terminal and the run takes over a second)' })
        .option('joins-jsonl', { type: 'string', requiresArg: true, describe: 'write every per-join entry as JSON Lines (one compact entry a line, all joins whatever --max-joins says) to this file' })
        .option('timings', { type: 'boolean', describe: 'print on stderr how long each phase took (load, validate, lint, simulate, report) and the peak memory' });
      return withExamples(y, [
        ['$0 run scenarios/examples/seed-failover.yaml', 'simulate, print the summary, exit 1 if an expectation fails'],
        ['$0 run lab.yaml -o report.json --trace trace.jsonl', 'also write the report and the event trace'],
        ['$0 generate --servers 200 | $0 run - --format json', 'run a scenario from standard input and print the report'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<RunArgs>) => {
      const file = args.file;
      const out = outPath(args, ['report']);
      const format = formatOf<'text' | 'json'>(args, 'text');
      // What goes to standard output: the summary or report that --format asks for, unless an output file takes it.
      const printsReport = format === 'json' && !isStdout(out);
      checkDistinctOutputs([
        { option: '--out', path: out },
        { option: '--trace', path: args.trace },
        { option: '--joins-jsonl', path: args.joinsJsonl },
        ...(printsReport || isStdout(out) || isStdout(args.trace) ? [] : [{ option: 'the summary', path: '-' }]),
        ...(printsReport ? [{ option: '--format json', path: '-' }] : []),
      ]);
      const timings = startTimings(context.io, args.timings);
      const outputOptions = { force: args.force ?? false, inputs: [file] };
      const traceToStdout = isStdout(args.trace);
      let report = simulated();
      collectBeforeWriting(report);
      if (args.joinsJsonl) writeOutputFile(args.joinsJsonl, joinsJsonlChunks(report.joins), outputOptions);
      // Expectations were checked on the whole report; only what is written is cut.
      if (args.maxJoins !== undefined) report = limitReportJoins(report, args.maxJoins);
      if (out !== undefined) writeOutputFile(out, reportJsonChunks(report), outputOptions, context.io.stdout);
      if (printsReport) for (const chunk of reportJsonChunks(report)) context.io.stdout(chunk);
      else if (!isStdout(out) && !traceToStdout) context.io.stdout(formatSummary(report, { listAllJoins: args.maxJoins !== undefined }));
      timings.mark('report');
      timings.print();
      if (report.expectations.some((e) => !e.passed)) context.exitCode = EXIT_FAILED;

      /**
       * Reads, lints and simulates the scenario, and returns only the report: the
       * scenario and the lint findings die with this function's frame, so that
       * writing a big report does not keep them (a million-join scenario is most
       * of a gigabyte of objects) alive beside it.
       */
      function simulated(): RunReport {
        const scenario = readScenario(file, { timings, ...(args.seed !== undefined ? { seed: args.seed } : {}) });
        if (out !== undefined) checkWritable(out, outputOptions);
        if (args.trace !== undefined) checkWritable(args.trace, outputOptions);
        if (args.joinsJsonl !== undefined) checkWritable(args.joinsJsonl, outputOptions);
        if (args.maxJoins !== undefined && !(Number.isSafeInteger(args.maxJoins) && args.maxJoins >= 0)) {
          throw new UserError(`--max-joins: expected a non-negative integer, got ${String(args.maxJoins)}`);
        }
        const trace = args.trace !== undefined && !isStdout(args.trace) ? new OutputFile(args.trace, outputOptions) : null;
        let report: RunReport;
        const lastActionAt = scenario.timeline.length > 0 ? (scenario.timeline[scenario.timeline.length - 1]?.at ?? 0) : 0;
        const progress = createProgress(context.io, lastActionAt, args.progress);
        const lint = lintScenario(scenario);
        timings.mark('lint');
        try {
          const onTrace = trace
            ? (event: TraceEvent) => trace.write(JSON.stringify(event) + '\n')
            : traceToStdout
              ? (event: TraceEvent) => context.io.stdout(JSON.stringify(event) + '\n')
              : undefined;
          report = runScenario(scenario, {
            ...(args.seed !== undefined ? { seed: args.seed } : {}),
            ...(onTrace ? { onTrace } : {}),
            onProgress: progress.update,
            lint,
          }).report;
          trace?.commit();
        } catch (error) {
          trace?.abandon();
          throw error;
        } finally {
          progress.stop();
        }
        timings.mark('simulate');
        return report;
      }
    },
  };
}

/** Joins from which a run's report is big enough for collectBeforeWriting to pay. */
const COLLECT_FROM_JOINS = 200_000;

/**
 * When the run was big and the process may collect garbage on request (the second
 * Node process bin/fedsim.mjs starts for a big input has --expose-gc), one full
 * collection now: the simulation's world and the scenario are garbage once the
 * report exists, and without it the report's writing grows the heap further
 * before V8 gets to them (a million-join run peaked about 160 MiB higher while
 * writing than at the end of its simulation). Costs about a second at that size.
 */
function collectBeforeWriting(report: RunReport): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (report.joins.length >= COLLECT_FROM_JOINS && typeof gc === 'function') gc();
}
