import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

describe('fedsim run', () => {
  it('prints each join with its ladder and the answer matrix, and exits 0 when expectations pass', async () => {
    const { code, stdout, stderr } = await runCli('run', EXAMPLE);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('joiner  @joiner:hs4 → !room:hs1');
    expect(stdout).toMatch(/hs2\s+make_join\s+400 M_UNABLE_TO_AUTHORISE_JOIN/);
    expect(stdout).toMatch(/hs3\s+make_join\s+400 M_UNABLE_TO_GRANT_JOIN/);
    expect(stdout).toContain('Answers by server:');
    expect(stdout).toContain('Expectations: 2/2 passed');
  });

  it('writes the report following the contract', async () => {
    const dir = scratchDir();
    const out = join(dir, 'r.json');
    const { code } = await runCli('run', EXAMPLE, '--report', out);
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    for (const key of ['fedsim', 'scenario', 'seed', 'errcodes', 'fingerprint', 'endedAt', 'events', 'joins', 'errcodeMatrix', 'lint', 'expectations']) {
      expect(report).toHaveProperty(key);
    }
    expect(report.fedsim).toBe(1);
    expect(report.seed).toBe('1');
    const joiner = report.joins[0];
    for (const key of ['id', 'user', 'room', 'at', 'local', 'outcome', 'status', 'errcode', 'authorisedBy', 'resident', 'finishedAt', 'attempts']) {
      expect(joiner).toHaveProperty(key);
    }
    expect(joiner.attempts[0]).toMatchObject({ server: 'hs2', step: 'make_join', status: 400, errcode: 'M_UNABLE_TO_AUTHORISE_JOIN' });
    expect(typeof joiner.attempts[0].reason).toBe('string');
    expect(report.errcodeMatrix).toEqual({
      hs2: { M_UNABLE_TO_AUTHORISE_JOIN: 1 },
      hs3: { M_UNABLE_TO_GRANT_JOIN: 1 },
      hs1: { '200': 2, M_FORBIDDEN: 1 },
    });
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('prints the report with --json and honours --seed', async () => {
    const { code, stdout } = await runCli('run', EXAMPLE, '--json', '--seed', '42');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).seed).toBe('42');
  });

  it('keeps the headline totals complete when --max-joins cuts the listed joins', async () => {
    const { code, stdout } = await runCli('run', EXAMPLE, '--max-joins', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('2 joins: 1 joined, 1 failed; 5 federation requests');
    expect(stdout).toContain('(--max-joins: the first 1 joins are listed below; 1 more are counted above and in the matrix)');
    expect(stdout).not.toContain('stranger  @stranger:hs5');
  });

  it('writes the trace as JSON lines', async () => {
    const dir = scratchDir();
    const out = join(dir, 't.jsonl');
    expect((await runCli('run', EXAMPLE, '--trace', out)).code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.some((l) => l.type === 'answer' && l.server === 'hs3' && l.errcode === 'M_UNABLE_TO_GRANT_JOIN')).toBe(true);
  });

  it('exits 1 and says what differed when an expectation fails', async () => {
    const dir = scratchDir();
    const file = join(dir, 'wrong.yaml');
    writeFileSync(file, readFileSync(EXAMPLE, 'utf8').replace('errcode: M_UNABLE_TO_GRANT_JOIN }', 'errcode: M_FORBIDDEN }'));
    const { code, stdout } = await runCli('run', file);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL expect[0] join joiner: attempts[1].errcode: expected "M_FORBIDDEN", got "M_UNABLE_TO_GRANT_JOIN"');
  });

  it('reports every problem of a broken file as file:path: message, exits 2, and writes nothing', async () => {
    const dir = scratchDir();
    const file = join(dir, 'broken.yaml');
    writeFileSync(
      file,
      [
        'fedsim: 1',
        'name: broken',
        'servers:',
        '  - { name: hs1, users: [alice] }',
        'rooms:',
        '  - id: "!r:hs1"',
        '    creator: "@alice:hs1"',
        '    joinrule: public',
        '    powerLevels: { invite: high }',
        'timeline:',
        '  - { at: -5, do: join, user: "@bob:hs9", room: "!r:hs1" }',
        '  - { at: 10, do: jump }',
      ].join('\n'),
    );
    const report = join(dir, 'r.json');
    const { code, stderr, stdout } = await runCli('run', file, '--report', report);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith(`${file}:`)).length).toBeGreaterThanOrEqual(4);
    expect(stderr).toContain(`${file}:rooms[0].joinrule: unknown key; did you mean "joinRule"?`);
    expect(stderr).toContain(`${file}:rooms[0].powerLevels.invite:`);
    expect(stderr).toContain(`${file}:timeline[0].at:`);
    expect(stderr).toContain(`${file}:timeline[1].do:`);
    expect(stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(existsSync(report)).toBe(false);
  });

  it('exits 2 for a missing file, a directory, or a YAML syntax error', async () => {
    const dir = scratchDir();
    expect((await runCli('run', join(dir, 'nope.yaml'))).stderr).toContain('no such file');
    expect((await runCli('run', dir)).code).toBe(2);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'fedsim: 1\nname: [unclosed\n');
    const result = await runCli('run', bad);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:`);
  });

  it('exits 2 with usage for an unknown command or a missing file argument', async () => {
    expect((await runCli('rnu', EXAMPLE)).code).toBe(2);
    const missing = await runCli('run');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('fedsim:');
  });

  it('prints help with exit 0', async () => {
    const { code, stdout } = await runCli('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('run <file>');
  });

  it('never writes over a file it did not write, or over its input, unless forced', async () => {
    const dir = scratchDir();
    const precious = join(dir, 'notes.json');
    writeFileSync(precious, '{"mine": true}');
    const refused = await runCli('run', EXAMPLE, '--report', precious);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('was not written by fedsim; pass --force');
    expect(readFileSync(precious, 'utf8')).toBe('{"mine": true}');
    expect((await runCli('run', EXAMPLE, '--report', precious, '--force')).code).toBe(0);
    // A report fedsim wrote earlier may be replaced without --force.
    expect((await runCli('run', EXAMPLE, '--report', precious)).code).toBe(0);
    const input = join(dir, 'scenario.yaml');
    writeFileSync(input, readFileSync(EXAMPLE, 'utf8'));
    const overInput = await runCli('run', input, '--report', input, '--force');
    expect(overInput.code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(EXAMPLE, 'utf8'));
  });
});
