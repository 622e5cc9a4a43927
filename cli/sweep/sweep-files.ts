/**
 * The sweep's input and output files. The scenario file is read once: its bytes
 * give `scenarioHash`, its parsed value is the base of every variant. `sweep.json`
 * and `sweep.csv` are written together, whole or not at all: both are checked
 * before the sweep runs, both land only when both are complete, and neither
 * replaces a file fedsim did not write (unless --force).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatProblem, parseScenarioText, toSweepCsv, type SweepReport } from '../../engine/index';
import { InputProblems, UserError } from '../cli-context';
import { OutputFile, checkWritable, type OutputOptions } from '../io/output-file';
import { readText } from '../io/read-scenario';

export interface SweepInput {
  fileName: string;
  /** The parsed file: the scenario as written. */
  base: unknown;
  /** SHA-256 (hex) of the file's bytes. */
  hash: string;
}

export function readSweepInput(file: string): SweepInput {
  // readText checks the file (size, kind) and decodes it; the hash is of the bytes themselves.
  const text = readText(file);
  const parsed = parseScenarioText(text, file);
  if (!parsed.ok) throw new InputProblems(parsed.problems.map(formatProblem));
  return { fileName: file, base: parsed.value, hash: createHash('sha256').update(readFileSync(file)).digest('hex') };
}

/** The default output folder: `sweep-<name>` (with `-shard-k-of-n` for a shard), in the working directory. */
export function defaultOutDir(cwd: string, scenarioName: string, shard: { k: number; n: number } | null): string {
  const safe = scenarioName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'scenario';
  return resolve(cwd, `sweep-${safe}${shard ? `-shard-${shard.k}-of-${shard.n}` : ''}`);
}

export interface SweepOutputs {
  json: string;
  csv: string;
}

/** Makes the folder and checks both files may be written, before anything runs. */
export function prepareOutputs(dir: string, options: OutputOptions): SweepOutputs {
  try {
    if (statSync(dir, { throwIfNoEntry: false })?.isFile()) throw new UserError(`${dir}: is a file; --out names a folder`);
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`${dir}: cannot make the folder: ${(error as Error).message}`);
  }
  const outputs = { json: join(dir, 'sweep.json'), csv: join(dir, 'sweep.csv') };
  checkWritable(outputs.json, options);
  checkWritable(outputs.csv, options);
  return outputs;
}

/** Writes sweep.json and sweep.csv: both, or (on any failure) neither changes. */
export function writeSweepFiles(outputs: SweepOutputs, report: SweepReport, options: OutputOptions): void {
  const json = new OutputFile(outputs.json, options);
  let csv: OutputFile;
  try {
    csv = new OutputFile(outputs.csv, options);
  } catch (error) {
    json.abandon();
    throw error;
  }
  try {
    json.write(JSON.stringify(report, null, 2) + '\n');
    csv.write(toSweepCsv(report));
  } catch (error) {
    json.abandon();
    csv.abandon();
    throw error;
  }
  // Both are complete on disk; the renames are what remains.
  json.commit();
  csv.commit();
}
