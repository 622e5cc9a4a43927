/**
 * `fedsim test PATH...`: runs every scenario file under the paths (recursively:
 * .yaml, .yml and .json files with a `fedsim` key; files named directly are always
 * taken) and checks their expectations. Prints a compact table; exit 1 when any
 * expectation fails, 2 when a file is bad (the others still run). Fit for CI.
 * `runScenarioTests` is the engine of the command, for tests and other tools.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { runScenario } from '../../engine/index';
import { EXIT_BAD_INPUT, EXIT_FAILED, InputProblems, UserError, type CliContext } from '../cli-context';
import { formatTestTable } from '../format/test-table';
import { withExamples } from '../help-text';
import { checkStdinOnce } from '../io/read-input';
import { readScenario, readText, STDIN } from '../io/read-scenario';
import { formatOf, withFormatOption } from '../options';

export interface ScenarioTestResult {
  file: string;
  status: 'pass' | 'fail' | 'bad';
  name?: string;
  joins?: number;
  joined?: number;
  expectations?: { passed: number; total: number };
  lint?: { error: number; warning: number; info: number };
  /** Messages of the failing expectations. */
  failures: string[];
  /** `file:path: message` lines when the file is bad. */
  problems: string[];
}

export interface ScenarioTestSuite {
  results: ScenarioTestResult[];
  passed: number;
  failed: number;
  bad: number;
}

const SCENARIO_EXTENSIONS = /\.(ya?ml|json)$/i;

/** Whether a file found while walking a directory is a scenario: it has a top-level `fedsim` key. */
function looksLikeScenario(file: string): boolean {
  let text: string;
  try {
    text = readText(file);
  } catch {
    return true; // unreadable: let the run report it
  }
  // A byte order mark is not part of the text: the file is read the same as when named.
  text = text.replace(/^\uFEFF/, '');
  if (/\.json$/i.test(file)) {
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object' && !Array.isArray(value) && 'fedsim' in value;
    } catch {
      return /"fedsim"\s*:/.test(text);
    }
  }
  return /^["']?fedsim["']?\s*:/m.test(text);
}

/** Scenario files under `paths`, in a stable order, and the paths that do not exist. */
export function findScenarioFiles(paths: readonly string[]): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && SCENARIO_EXTENSIONS.test(entry.name) && looksLikeScenario(path)) files.push(path);
    }
  };
  for (const path of paths) {
    if (path === STDIN) {
      files.push(path);
      continue;
    }
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      problems.push(`${path}: no such file or directory`);
      continue;
    }
    if (isDirectory) {
      const before = files.length;
      walk(path);
      if (files.length === before) problems.push(`${path}: no scenario files (.yaml, .yml or .json with a fedsim key) in this directory`);
    } else files.push(path);
  }
  return { files, problems };
}

/** Runs one scenario file and checks its expectations. */
export function testScenarioFile(file: string, seed?: string): ScenarioTestResult {
  let scenario;
  try {
    scenario = readScenario(file);
  } catch (error) {
    if (error instanceof InputProblems) return { file, status: 'bad', failures: [], problems: error.lines };
    throw error;
  }
  const { report } = runScenario(scenario, seed !== undefined ? { seed } : {});
  const failures = report.expectations.filter((e) => !e.passed).map((e) => `expect[${e.index}] ${e.message}`);
  const lint = { error: 0, warning: 0, info: 0 };
  for (const f of report.lint) lint[f.severity]++;
  return {
    file,
    status: failures.length > 0 ? 'fail' : 'pass',
    name: report.scenario,
    joins: report.joins.length,
    joined: report.joins.filter((j) => j.outcome === 'joined').length,
    expectations: { passed: report.expectations.length - failures.length, total: report.expectations.length },
    lint,
    failures,
    problems: [],
  };
}

/** Finds and runs every scenario under `paths`. */
export function runScenarioTests(paths: readonly string[], options: { seed?: string } = {}): ScenarioTestSuite {
  const found = findScenarioFiles(paths);
  const results = found.files.map((file) => testScenarioFile(file, options.seed));
  for (const problem of found.problems) results.push({ file: problem.slice(0, problem.indexOf(':')), status: 'bad', failures: [], problems: [problem] });
  return {
    results,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    bad: results.filter((r) => r.status === 'bad').length,
  };
}

interface TestArgs {
  paths: string[];
  json?: boolean;
  format?: 'text' | 'json';
  seed?: string;
}

/** A problem line longer than this is cut: one bad value must not flood a CI log. */
const MAX_PROBLEM_LENGTH = 400;

function cut(line: string): string {
  return line.length > MAX_PROBLEM_LENGTH ? `${line.slice(0, MAX_PROBLEM_LENGTH)}… (${line.length - MAX_PROBLEM_LENGTH} more characters)` : line;
}

export function testCommand(context: CliContext): CommandModule<object, TestArgs> {
  return {
    command: 'test <paths..>',
    describe: 'run every scenario file under the paths and check their expectations',
    builder: (yargs: Argv) => {
      let y = yargs
        .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'scenario files or directories (searched recursively); - reads one from standard input' })
        .option('seed', { type: 'string', describe: "override every scenario's seed" }) as unknown as Argv<TestArgs>;
      y = withFormatOption(y, ['text', 'json'], 'a table (text) or JSON with every file, bad ones too (default text)');
      return withExamples(y, [
        ['$0 test scenarios/', 'run every scenario under scenarios/ and check its expectations'],
        ['$0 test scenarios/protocol --format json', 'the results as JSON, for a script'],
        ['$0 test lab.yaml --seed 7', 'one file with another seed'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<TestArgs>) => {
      checkStdinOnce(args.paths);
      const format = formatOf<'text' | 'json'>(args, 'text');
      const suite = runScenarioTests(args.paths, args.seed !== undefined ? { seed: args.seed } : {});
      for (const result of suite.results) result.problems = result.problems.map(cut);
      if (suite.results.length === 0) throw new UserError('no scenario files to test');
      context.io.stdout(format === 'json' ? JSON.stringify(suite, null, 2) + '\n' : formatTestTable(suite));
      // Once, on stderr: the table says which files are bad, stderr says why.
      const problems = suite.results.flatMap((r) => r.problems);
      if (problems.length > 0) context.io.stderr(problems.join('\n') + '\n');
      if (suite.bad > 0) context.exitCode = EXIT_BAD_INPUT;
      else if (suite.failed > 0) context.exitCode = EXIT_FAILED;
    },
  };
}
