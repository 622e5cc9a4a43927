/**
 * `fedsim import STATE.json|DIR... [--settings FILE] [--room-id ID] [--out FILE]`:
 * builds a scenario from real room state (a GET /_matrix/client/v3/rooms/{roomId}/state
 * array, the Synapse admin API's {"state": [...]}, or a /sync response; a directory
 * stands for the .json files in it) and optional server settings. Writes YAML (JSON
 * when the output ends in .json), whole or not at all; warnings go to stderr and
 * into the YAML's header.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
  roomId?: string;
}

/** Each argument, with a directory replaced by its .json files in name order. */
function expandDirectories(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      return [path]; // readText reports it
    }
    if (!isDirectory) return [path];
    const files = readdirSync(path).filter((name) => /\.json$/i.test(name)).sort();
    if (files.length === 0) throw new InputProblems([`${path}: a directory with no .json room state files`]);
    return files.map((name) => join(path, name));
  });
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
    describe: 'build a scenario from real room state (GET /rooms/{roomId}/state JSON, the admin API, /sync; files or directories)',
    builder: (yargs: Argv) =>
      yargs
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'room state files (JSON arrays of state events, {"state": [...]}, /sync responses) or directories of them' })
        .option('settings', { type: 'string', describe: 'per-server implementation/roomVersions/users, and optionally a timeline (JSON or YAML)' })
        .option('out', { alias: 'o', type: 'string', describe: 'write the scenario here (.yaml/.yml, or .json for JSON); default: standard output' })
        .option('name', { type: 'string', describe: "the scenario's name" })
        .option('room-id', { type: 'string', describe: 'the room of state events that do not name it (one file only; with a /sync response, the one room to take)' })
        .option('json', { type: 'boolean', describe: 'print JSON instead of YAML (without --out)' })
        .option('force', { type: 'boolean', describe: 'replace the output file even if fedsim did not write it' }) as unknown as Argv<ImportArgs>,
    handler: (args: ArgumentsCamelCase<ImportArgs>) => {
      const problems: string[] = [];
      const files = expandDirectories(args.files);
      if (args.roomId !== undefined && files.length !== 1) throw new InputProblems([`--room-id: names one room, so give one state file (got ${files.length})`]);
      const roomId = args.roomId !== undefined ? { roomId: args.roomId } : {};
      const inputs: RoomStateInput[] = files.map((file) => ({ source: file, events: readParsed(file, problems), ...roomId }));
      const settings = args.settings !== undefined ? readParsed(args.settings, problems) : undefined;
      if (problems.length > 0) throw new InputProblems(problems);
      const result = importScenario(inputs, {
        ...(args.name !== undefined ? { name: args.name } : {}),
        ...(args.settings !== undefined ? { settings, settingsSource: args.settings } : {}),
      });
      for (const warning of result.warnings) context.io.stderr(`warning: ${warning}\n`);
      if (result.scenario === null || result.problems.length > 0) throw new InputProblems(result.problems);
      const format = args.out ? (/\.json$/i.test(args.out) ? 'json' : 'yaml') : args.json ? 'json' : 'yaml';
      const text = toScenarioText(result.scenario, result.warnings, format, files);
      if (args.out) {
        const inputsToKeep = [...files, ...(args.settings !== undefined ? [args.settings] : [])];
        writeOutputFile(args.out, text, { force: args.force ?? false, inputs: inputsToKeep });
        const rooms = (result.scenario.rooms as unknown[]).length;
        const servers = (result.scenario.servers as unknown[]).length;
        context.io.stderr(`fedsim: wrote ${args.out}: ${rooms} room${rooms === 1 ? '' : 's'}, ${servers} server${servers === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`);
      } else context.io.stdout(text);
    },
  };
}
