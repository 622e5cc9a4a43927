/**
 * `fedsim run FILE`: simulate a scenario, print the summary (or the report as JSON),
 * optionally write the report and the trace, and check the scenario's expectations.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { limitReportJoins, runScenario, type TraceEvent } from '../../engine/index';
import { EXIT_FAILED, UserError, type CliContext } from '../cli-context';
import { formatSummary } from '../format/summary';
import { OutputFile, checkWritable, writeOutputFile } from '../io/output-file';
import { readScenario, STDIN } from '../io/read-scenario';
import { createProgress } from '../io/progress';
import { reportJsonChunks } from '../io/report-json';

interface RunArgs {
  file: string;
  seed?: string;
  report?: string;
  json?: boolean;
  trace?: string;
  force?: boolean;
  maxJoins?: number;
  progress?: boolean;
}

export function runCommand(context: CliContext): CommandModule<object, RunArgs> {
  return {
    command: 'run <file>',
    describe: 'simulate a scenario file and report which server answered what',
    builder: (yargs: Argv) =>
      yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json); - reads standard input (JSON or YAML)' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .option('report', { type: 'string', describe: 'write the JSON run report to this file' })
        .option('json', { type: 'boolean', describe: 'print the JSON report instead of the summary' })
        .option('trace', { type: 'string', describe: 'write the event trace as JSON lines to this file' })
        .option('force', { type: 'boolean', describe: 'replace output files even if fedsim did not write them' })
        .option('max-joins', { type: 'number', describe: 'keep at most N per-join entries in the report; summary and errcodeMatrix stay complete' })
        .option('progress', { type: 'boolean', describe: 'progress on stderr (default: when stderr is a terminal and the run takes over a second)' }) as unknown as Argv<RunArgs>,
    handler: (args: ArgumentsCamelCase<RunArgs>) => {
      // yargs parses a lone `-` as a nameless flag, so the positional arrives as `true`.
      const file = typeof args.file === 'string' && args.file !== '' ? args.file : STDIN;
      const scenario = readScenario(file, args.seed);
      const outputOptions = { force: args.force ?? false, inputs: file === STDIN ? [] : [file] };
      if (args.report) checkWritable(args.report, outputOptions);
      const trace = args.trace ? new OutputFile(args.trace, outputOptions) : null;
      if (args.maxJoins !== undefined && !(Number.isSafeInteger(args.maxJoins) && args.maxJoins >= 0)) {
        throw new UserError(`--max-joins: expected a non-negative integer, got ${args.maxJoins}`);
      }
      let report;
      const lastActionAt = scenario.timeline.length > 0 ? (scenario.timeline[scenario.timeline.length - 1]?.at ?? 0) : 0;
      const progress = createProgress(context.io, lastActionAt, args.progress);
      try {
        const onTrace = trace ? (event: TraceEvent) => trace.write(JSON.stringify(event) + '\n') : undefined;
        report = runScenario(scenario, {
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(onTrace ? { onTrace } : {}),
          onProgress: progress.update,
        }).report;
        trace?.commit();
      } catch (error) {
        trace?.abandon();
        throw error;
      } finally {
        progress.stop();
      }
      // Expectations were checked on the whole report; only what is written is cut.
      if (args.maxJoins !== undefined) report = limitReportJoins(report, args.maxJoins);
      if (args.report) writeOutputFile(args.report, reportJsonChunks(report), outputOptions);
      if (args.json) for (const chunk of reportJsonChunks(report)) context.io.stdout(chunk);
      else context.io.stdout(formatSummary(report, { listAllJoins: args.maxJoins !== undefined }));
      if (report.expectations.some((e) => !e.passed)) context.exitCode = EXIT_FAILED;
    },
  };
}
