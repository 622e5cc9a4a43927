import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

describe('fedsim run --timings and --joins-jsonl', () => {
  it('prints each phase with its wall time and peak memory on stderr, leaving stdout alone', async () => {
    const plain = await runCli('run', EXAMPLE);
    const { code, stdout, stderr } = await runCli('run', EXAMPLE, '--timings');
    expect(code).toBe(0);
    expect(stdout).toBe(plain.stdout);
    const phases = stderr.trim().split('\n').map((line) => /^fedsim: timing: (\S+)\s+\d+ ms, peak RSS \d+ MiB/.exec(line)?.[1]);
    expect(phases).toEqual(['load', 'validate', 'lint', 'simulate', 'report', 'total']);
  });

  it('prints nothing on stderr without --timings', async () => {
    expect((await runCli('run', EXAMPLE)).stderr).toBe('');
  });

  it('writes every join entry of the report as one compact JSON line, even when --max-joins cuts the report', async () => {
    const dir = scratchDir();
    const { code } = await runCli('run', EXAMPLE, '--report', join(dir, 'r.json'), '--joins-jsonl', join(dir, 'joins.jsonl'));
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    const lines = readFileSync(join(dir, 'joins.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toEqual(report.joins.map((j: unknown) => JSON.stringify(j)));
    const cut = await runCli('run', EXAMPLE, '--max-joins', '1', '--joins-jsonl', join(dir, 'all.jsonl'));
    expect(cut.code).toBe(0);
    expect(readFileSync(join(dir, 'all.jsonl'), 'utf8').trim().split('\n')).toHaveLength(report.joins.length);
  });
});
