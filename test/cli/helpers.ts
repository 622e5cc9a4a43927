import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCli } from '../../cli/main';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output, as a fresh createCli() each time. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const cli = createCli({
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    stderrIsTTY: false,
    cwd: process.cwd(),
  });
  const code = await cli.run(argv);
  return { code, stdout, stderr };
}

export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'fedsim-test-'));
}
