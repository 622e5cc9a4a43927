/**
 * `fedsim import STATE.json... [--settings FILE] [--out FILE]`: builds a scenario
 * from real room state (one GET /_matrix/client/v3/rooms/{roomId}/state array per
 * file) and optional server settings. Writes YAML (JSON when the output ends in
 * .json), whole or not at all; warnings go to stderr and into the YAML's header.
 */
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { formatProblem, importScenario, parseScenarioText, toScenarioText, type RoomStateInput } from '../../engine/index';
import { InputProblems, type CliContext } from '../cli-context';
import { writeOutputFile } from '../io/output-file';
import { readText } from '../io/read-scenario';

interface ImportArgs {
  files: string[];
  settings?: string;
  out?: string;
  name?: string;
  json?: boolean;
  force?: boolean;
}

/** Reads and parses one JSON or YAML file; problems are collected, not thrown. */
function readParsed(file: string, problems: string[]): unknown {
  try {
    const parsed = parseScenarioText(readText(file), file);
    if (parsed.ok) return parsed.value;
    problems.push(...parsed.problems.map(formatProblem));
  } catch (error) {
    if (!(error instanceof InputProblems)) throw error;
    problems.push(...error.lines);
  }
  return undefined;
}

export function importCommand(context: CliContext): CommandModule<object, ImportArgs> {
  return {
    command: 'import <files..>',
    describe: 'build a scenario from real room state (GET /rooms/{roomId}/state JSON, one file per room)',
    builder: (yargs: Argv) =>
      yargs
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'room state files (JSON arrays of state events)' })
        .option('settings', { type: 'string', describe: 'per-server implementation/roomVersions/users, and optionally a timeline (JSON or YAML)' })
        .option('out', { alias: 'o', type: 'string', describe: 'write the scenario here (.yaml/.yml, or .json for JSON); default: standard output' })
        .option('name', { type: 'string', describe: "the scenario's name" })
        .option('json', { type: 'boolean', describe: 'print JSON instead of YAML (without --out)' })
        .option('force', { type: 'boolean', describe: 'replace the output file even if fedsim did not write it' }) as unknown as Argv<ImportArgs>,
    handler: (args: ArgumentsCamelCase<ImportArgs>) => {
      const problems: string[] = [];
      const inputs: RoomStateInput[] = args.files.map((file) => ({ source: file, events: readParsed(file, problems) }));
      const settings = args.settings !== undefined ? readParsed(args.settings, problems) : undefined;
      if (problems.length > 0) throw new InputProblems(problems);
      const result = importScenario(inputs, {
        ...(args.name !== undefined ? { name: args.name } : {}),
        ...(args.settings !== undefined ? { settings, settingsSource: args.settings } : {}),
      });
      for (const warning of result.warnings) context.io.stderr(`warning: ${warning}\n`);
      if (result.scenario === null || result.problems.length > 0) throw new InputProblems(result.problems);
      const format = args.out ? (/\.json$/i.test(args.out) ? 'json' : 'yaml') : args.json ? 'json' : 'yaml';
      const text = toScenarioText(result.scenario, result.warnings, format, args.files);
      if (args.out) {
        const inputsToKeep = [...args.files, ...(args.settings !== undefined ? [args.settings] : [])];
        writeOutputFile(args.out, text, { force: args.force ?? false, inputs: inputsToKeep });
        const rooms = (result.scenario.rooms as unknown[]).length;
        const servers = (result.scenario.servers as unknown[]).length;
        context.io.stderr(`fedsim: wrote ${args.out}: ${rooms} room${rooms === 1 ? '' : 's'}, ${servers} server${servers === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`);
      } else context.io.stdout(text);
    },
  };
}
