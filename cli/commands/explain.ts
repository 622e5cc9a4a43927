/**
 * `fedsim explain FILE --join ID` (or `--all-failed`, the default): the causal
 * story of joins: what each asked server knew, which check decided, how the
 * joiner took it, and the smallest scenario change that lets a failed join in.
 * `--report OUT` writes the run report with `explanation` on those joins.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { explainJoins, joinIds } from '../../engine/index';
import { UserError, type CliContext } from '../cli-context';
import { formatExplanation } from '../format/explanation';
import { checkWritable, writeOutputFile } from '../io/output-file';
import { readScenario } from '../io/read-scenario';

interface ExplainArgs {
  file: string;
  join?: string[];
  allFailed?: boolean;
  json?: boolean;
  seed?: string;
  report?: string;
  fixes: boolean;
  force?: boolean;
}

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
    builder: (yargs: Argv) =>
      yargs
        .positional('file', { type: 'string', demandOption: true, describe: 'scenario file (.yaml, .yml or .json)' })
        .option('join', { type: 'string', array: true, describe: 'id of the join to explain (repeatable)' })
        .option('all-failed', { type: 'boolean', describe: 'explain every failed join (the default without --join)' })
        .option('json', { type: 'boolean', describe: 'print the explanations as JSON' })
        .option('seed', { type: 'string', describe: "override the scenario's seed" })
        .option('report', { type: 'string', describe: 'write the run report, with explanations, to this file' })
        .option('fixes', { type: 'boolean', default: true, describe: 'search for the smallest fix (--no-fixes to skip the re-simulations)' })
        .option('force', { type: 'boolean', describe: 'replace the report file even if fedsim did not write it' })
        .conflicts('join', 'all-failed') as unknown as Argv<ExplainArgs>,
    handler: (args: ArgumentsCamelCase<ExplainArgs>) => {
      const scenario = readScenario(args.file);
      const ids = joinIds(scenario);
      for (const id of args.join ?? []) {
        if (!ids.includes(id)) {
          const known = ids.length > 0 ? `; its joins are ${ids.join(', ')}` : '; it has no joins';
          throw new UserError(`${args.file}: no join with id "${id}"${suggest(id, ids)}${known}`);
        }
      }
      const outputOptions = { force: args.force ?? false, inputs: [args.file] };
      if (args.report) checkWritable(args.report, outputOptions);
      const { report, explanations } = explainJoins(scenario, {
        ...(args.seed !== undefined ? { seed: args.seed } : {}),
        ...(args.join && args.join.length > 0 ? { joins: args.join } : {}),
        fixes: args.fixes,
      });
      if (args.report) writeOutputFile(args.report, JSON.stringify(report, null, 2) + '\n', outputOptions);
      if (args.json) context.io.stdout(JSON.stringify(explanations, null, 2) + '\n');
      else if (explanations.length === 0) context.io.stdout(`${args.file}: no failed joins to explain\n`);
      else context.io.stdout(explanations.map(formatExplanation).join('\n'));
    },
  };
}
