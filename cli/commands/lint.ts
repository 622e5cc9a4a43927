/**
 * `fedsim lint FILE...`: the static check of each scenario's state at t = 0 and its
 * timeline's joins. Exit 1 when a finding reaches `--fail-on` (errors by default),
 * 2 when a file cannot be read; the files that can be read are still checked.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { lintScenario, type LintFinding } from '../../engine/index';
import { EXIT_BAD_INPUT, EXIT_FAILED, InputProblems, type CliContext } from '../cli-context';
import { formatFindings } from '../format/lint-findings';
import { withExamples } from '../help-text';
import { readScenario } from '../io/read-scenario';
import { formatOf, withFormatOption } from '../options';
import { checkStdinOnce } from '../io/read-input';

export type FailOn = 'error' | 'warning' | 'never';

interface LintArgs {
  files: string[];
  json?: boolean;
  format?: 'text' | 'json';
  failOn: FailOn;
}

/** Whether `findings` should fail the command under `failOn`. */
export function lintFails(findings: readonly LintFinding[], failOn: FailOn): boolean {
  if (failOn === 'never') return false;
  return findings.some((f) => f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning'));
}

export function lintCommand(context: CliContext): CommandModule<object, LintArgs> {
  return {
    command: 'lint <files..>',
    describe: 'check scenarios for misconfigurations that keep users out of restricted rooms',
    builder: (yargs: Argv) => {
      let y = yargs
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario files (.yaml, .yml or .json); - reads standard input' })
        .option('fail-on', { choices: ['error', 'warning', 'never'] as const, default: 'error' as const, describe: 'lowest severity that makes the exit code 1' }) as unknown as Argv<LintArgs>;
      y = withFormatOption(y, ['text', 'json'], 'text, or JSON: [{ file, findings, problems }] with every file, bad ones too (default text)');
      return withExamples(y, [
        ['$0 lint scenarios/gallery/*.yaml', 'check the gallery; exit 1 on an error finding'],
        ['$0 lint lab.yaml --fail-on warning --format json', 'fail on warnings too, and print JSON'],
        ['$0 generate --servers 100 | $0 lint -', 'lint a scenario from standard input'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<LintArgs>) => {
      checkStdinOnce(args.files);
      const format = formatOf<'text' | 'json'>(args, 'text');
      const results: { file: string; findings: LintFinding[]; problems: string[] }[] = [];
      const problems: string[] = [];
      for (const file of args.files) {
        try {
          results.push({ file, findings: lintScenario(readScenario(file)), problems: [] });
        } catch (error) {
          if (!(error instanceof InputProblems)) throw error;
          problems.push(...error.lines);
          // Kept in the JSON too, as `fedsim test` keeps its bad files: a script sees every file it named.
          results.push({ file, findings: [], problems: error.lines });
        }
      }
      if (format === 'json') context.io.stdout(JSON.stringify(results, null, 2) + '\n');
      else for (const r of results) if (r.problems.length === 0) context.io.stdout(formatFindings(r.file, r.findings));
      if (results.some((r) => lintFails(r.findings, args.failOn))) context.exitCode = EXIT_FAILED;
      if (problems.length > 0) {
        context.io.stderr(problems.join('\n') + '\n');
        context.io.stderr(`fedsim: ${problems.length} problem${problems.length === 1 ? '' : 's'}; those files were not checked\n`);
        context.exitCode = EXIT_BAD_INPUT;
      }
    },
  };
}
