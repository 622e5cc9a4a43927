/**
 * `fedsim run FILE`: simulate a scenario, print the summary (or the report as JSON),
 * optionally write the report and the trace, and check the scenario's expectations.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { runScenario, type TraceEvent } from '../../engine/index';
import { EXIT_FAILED, type CliContext } from '../cli-context';
import { formatSummary } from '../format/summary';
import { OutputFile, writeOutputFile, checkWritable } from '../io/output-file';
import { readScenario } from '../io/read-scenario';
import { lintFindingsFor } from '../lint-hook';

interface RunArgs {
  file: string;
  seed?: string;
  report?: string;
  json?: boolean;
  trace?: string;
  force?: boolean;
}

export function runCommand(context: CliContext): CommandModule<object, RunArgs> {
  return {
    command: 'run <file>',
    describe: 'simulate a scenario file and report which server answered what',
    builder: (yargs: Argv) =>
      yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .option('report', { type: 'string', describe: 'write the JSON run report to this file' })
        .option('json', { type: 'boolean', describe: 'print the JSON report instead of the summary' })
        .option('trace', { type: 'string', describe: 'write the event trace as JSON lines to this file' })
        .option('force', { type: 'boolean', describe: 'replace output files even if fedsim did not write them' }) as unknown as Argv<RunArgs>,
    handler: (args: ArgumentsCamelCase<RunArgs>) => {
      const scenario = readScenario(args.file);
      const outputOptions = { force: args.force ?? false, inputs: [args.file] };
      if (args.report) checkWritable(args.report, outputOptions);
      const trace = args.trace ? new OutputFile(args.trace, outputOptions) : null;
      let report;
      try {
        const onTrace = trace ? (event: TraceEvent) => trace.write(JSON.stringify(event) + '\n') : undefined;
        report = runScenario(scenario, {
          ...(args.seed !== undefined ? { seed: args.seed } : {}),
          ...(onTrace ? { onTrace } : {}),
          lint: lintFindingsFor(scenario),
        }).report;
        trace?.commit();
      } catch (error) {
        trace?.abandon();
        throw error;
      }
      const json = JSON.stringify(report, null, 2) + '\n';
      if (args.report) writeOutputFile(args.report, json, outputOptions);
      context.io.stdout(args.json ? json : formatSummary(report));
      if (report.expectations.some((e) => !e.passed)) context.exitCode = EXIT_FAILED;
    },
  };
}
