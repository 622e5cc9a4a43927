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
import { withExamples } from '../help-text';
import { checkWritable, isStdout, writeOutputFile } from '../io/output-file';
import { checkStdinOnce } from '../io/read-input';
import { readInputText } from '../io/read-scenario';
import { formatOf, outPath, withFormatOption, withOutOption } from '../options';

interface ImportArgs {
  files: string[];
  settings?: string;
  out?: string;
  name?: string;
  json?: boolean;
  format?: 'yaml' | 'json';
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
    // Standard input has no extension to choose the parser by: JSON when it looks like JSON.
    const text = readInputText(file);
    const parsed = parseScenarioText(text, file === '-' && /^\uFEFF?\s*[[{]/.test(text) ? '-.json' : file);
    if (parsed.ok) return parsed.value;
    problems.push(...parsed.problems.map((p) => formatProblem({ ...p, file })));
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
    builder: (yargs: Argv) => {
      let y = yargs
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'room state files (JSON arrays of state events, {"state": [...]}, /sync responses) or directories of them; - reads one from standard input' })
        .option('settings', { type: 'string', requiresArg: true, describe: 'per-server implementation/roomVersions/users, and optionally a timeline (JSON or YAML)' })
        .option('name', { type: 'string', describe: "the scenario's name" })
        .option('room-id', { type: 'string', requiresArg: true, describe: 'the room of state events that do not name it (one file only; with a /sync response, the one room to take)' }) as unknown as Argv<ImportArgs>;
      y = withOutOption(y, 'write the scenario here (.yaml/.yml, or .json for JSON); default and -: standard output');
      y = withFormatOption(y, ['yaml', 'json'], 'scenario format (default: from the --out extension, else yaml)');
      y = y.option('force', { type: 'boolean', describe: 'replace the output file even if fedsim did not write it (regular files only)' });
      return withExamples(y, [
        ['$0 import space.json room.json -o lab.yaml', 'a scenario from two rooms\' state'],
        ['$0 import room.json --settings servers.yaml --format json', 'with per-server settings, as JSON on standard output'],
        ['curl -s "$HS/_matrix/client/v3/rooms/$ROOM/state" -H "Authorization: Bearer $TOKEN" | $0 import -', 'straight from a homeserver'],
      ]);
    },
    handler: (args: ArgumentsCamelCase<ImportArgs>) => {
      checkStdinOnce([...args.files, args.settings]);
      const out = outPath(args);
      const inputsToKeep = [...args.files, ...(args.settings !== undefined ? [args.settings] : [])];
      if (out !== undefined) checkWritable(out, { force: args.force ?? false, inputs: inputsToKeep });
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
      const format = formatOf<'yaml' | 'json'>(args, out !== undefined && /\.json$/i.test(out) ? 'json' : 'yaml');
      const text = toScenarioText(result.scenario, result.warnings, format, files);
      if (out !== undefined && !isStdout(out)) {
        writeOutputFile(out, text, { force: args.force ?? false, inputs: inputsToKeep });
        const rooms = (result.scenario.rooms as unknown[]).length;
        const servers = (result.scenario.servers as unknown[]).length;
        context.io.stderr(`fedsim: wrote ${out}: ${rooms} room${rooms === 1 ? '' : 's'}, ${servers} server${servers === 1 ? '' : 's'}, ${result.warnings.length} warning${result.warnings.length === 1 ? '' : 's'}\n`);
      } else context.io.stdout(text);
    },
  };
}
