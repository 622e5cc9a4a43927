import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from '../cli/helpers';
import { GALLERY_DIR } from './fixtures';

const gallery = (name: string) => join(GALLERY_DIR, `${name}.yaml`);

const HEALTHY = `fedsim: 1
name: healthy
servers:
  - { name: hs1, users: [admin] }
  - { name: hs2, users: [dave] }
rooms:
  - { id: "!space:hs1", creator: "@admin:hs1", members: { "@dave:hs2": join } }
  - { id: "!room:hs1", version: "8", creator: "@admin:hs1", joinRule: restricted, allow: ["!space:hs1"] }
timeline:
  - { at: 1000, do: join, id: dave, user: "@dave:hs2", room: "!room:hs1" }
expect:
  - { join: dave, outcome: joined }
`;

describe('fedsim lint', () => {
  it('prints each finding with its fix and exits 1 on errors', async () => {
    const { code, stdout } = await runCli('lint', gallery('unauthorised-allowed-room'));
    expect(code).toBe(1);
    expect(stdout).toContain('error   allowed-room-without-authorising-server  !room:hs1');
    expect(stdout).toContain('fix: @admin:hs1 (power 100) can give @sam:hs2 power 50 in !room:hs1, or @admin:hs1 can join !space:hs2, so hs1 sees its members');
  });

  it('exits 0 on warnings only, unless --fail-on warning', async () => {
    expect((await runCli('lint', gallery('via-misses-authoriser'))).code).toBe(0);
    expect((await runCli('lint', gallery('via-misses-authoriser'), '--fail-on', 'warning')).code).toBe(1);
    expect((await runCli('lint', gallery('nobody-can-invite'), '--fail-on', 'never')).code).toBe(0);
  });

  it('prints JSON for machines', async () => {
    const { stdout } = await runCli('lint', '--json', gallery('allow-typo'), gallery('v8-redaction-risk'));
    const parsed = JSON.parse(stdout) as { file: string; findings: { code: string; fix: string }[] }[];
    expect(parsed.map((r) => r.findings.map((f) => f.code))).toEqual([['unknown-allowed-room', 'allowed-room-without-authorising-server'], ['v8-redaction-risk', 'single-authorising-server']]);
  });

  it('reports bad files as file:path: message, exits 2, and still checks the rest', async () => {
    const dir = scratchDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'fedsim: 1\nname: x\nservers: []\nrooms:\n  - { id: "!r:hs1", creator: 12 }\n');
    const { code, stdout, stderr } = await runCli('lint', bad, gallery('v8-redaction-risk'));
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:rooms\[0\]\.creator: /);
    expect(stdout).toContain('v8-redaction-risk');
    expect((await runCli('lint', join(dir, 'missing.yaml'))).stderr).toContain('missing.yaml: cannot read: no such file');
  });
});

describe('fedsim test', () => {
  it('runs a directory of scenarios and prints a table', async () => {
    const { code, stdout } = await runCli('test', GALLERY_DIR);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^result\s+file\s+joined\s+expect\s+lint/);
    expect(stdout).toMatch(/PASS\s+\S+stale-view\.yaml\s+2\/3\s+3\/3/);
    const files = readdirSync(GALLERY_DIR).filter((f) => f.endsWith('.yaml')).length;
    expect(files).toBeGreaterThanOrEqual(10);
    expect(stdout).toContain(`${files} scenario files: ${files} passed, 0 failed, 0 bad`);
  });

  it('exits 1 when an expectation fails, naming it', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'wrong.yaml'), HEALTHY.replace('outcome: joined', 'outcome: failed'));
    const { code, stdout } = await runCli('test', dir);
    expect(code).toBe(1);
    expect(stdout).toContain('FAIL');
    expect(stdout).toContain('expect[0] join dave: outcome: expected "failed", got "joined"');
  });

  it('exits 2 on a bad scenario file but still runs and lists the others; non-scenario files are skipped', async () => {
    const dir = scratchDir();
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'nested', 'good.yaml'), HEALTHY);
    writeFileSync(join(dir, 'broken.yaml'), 'fedsim: 1\nname: [unclosed\n');
    writeFileSync(join(dir, 'state.json'), '[{"type": "m.room.create"}]');
    writeFileSync(join(dir, 'notes.yaml'), 'title: not a scenario\n');
    const { code, stdout, stderr } = await runCli('test', dir);
    expect(code).toBe(2);
    expect(stdout).toMatch(/PASS\s+\S+good\.yaml/);
    expect(stdout).toMatch(/BAD\s+\S+broken\.yaml/);
    expect(stdout).not.toContain('state.json');
    expect(stdout).not.toContain('notes.yaml');
    expect(stderr).toMatch(/broken\.yaml:: ?\d+:\d+: |broken\.yaml: ?\d+:\d+/);
  });

  it('prints JSON results', async () => {
    const { stdout } = await runCli('test', '--json', gallery('stale-view'));
    expect(JSON.parse(stdout)).toMatchObject({ passed: 1, failed: 0, bad: 0, results: [{ status: 'pass', joins: 3, joined: 2 }] });
  });

  it('reports a path that does not exist as bad', async () => {
    const { code, stderr } = await runCli('test', '/nonexistent/fedsim-path');
    expect(code).toBe(2);
    expect(stderr).toContain('/nonexistent/fedsim-path: no such file or directory');
  });
});

describe('fedsim explain', () => {
  it('explains every failed join by default, with the deciding server, the check and the fix', async () => {
    const { code, stdout } = await runCli('explain', gallery('stale-view'));
    expect(code).toBe(0);
    expect(stdout).toContain('join dave  @dave:hs3 → !room:hs2  FAILED 403 M_FORBIDDEN');
    expect(stdout).toContain('decided by: hs2 (make_join, check allow)');
    expect(stdout).toContain('a stale view');
    expect(stdout).toContain('fix: @dave:hs3 puts hs1 (which can authorise joins into !room:hs2) first in the via of join dave');
    expect(stdout).not.toContain('join dave-retry');
  });

  it('explains one join with --join, as JSON with --json', async () => {
    const { stdout } = await runCli('explain', gallery('stale-view'), '--join', 'dave-retry', '--json');
    const [e] = JSON.parse(stdout) as { join: string; outcome: string; fix: unknown }[];
    expect(e).toMatchObject({ join: 'dave-retry', outcome: 'joined', fix: null });
  });

  it('explains the first ten failed joins of a big scenario, says so, and keeps the fix search within its budget', async () => {
    const file = join(scratchDir(), 'big.json');
    expect((await runCli('generate', '--servers', '12', '--joins', '150', '--outsiders', '0.6', '--seed', '5', '-o', file)).code).toBe(0);
    const { code, stdout } = await runCli('explain', file, '--no-fixes');
    expect(code).toBe(0);
    const failed = Number(/^\(the first 10 of (\d+) failed joins; --join ID explains any other, --all-failed every one\)$/m.exec(stdout)?.[1]);
    expect(failed).toBeGreaterThan(10);
    expect(stdout.match(/^join /gm)).toHaveLength(10);
    expect(stdout).not.toContain('fix:');
    const all = await runCli('explain', file, '--all-failed', '--no-fixes');
    expect(all.stdout.match(/^join /gm)).toHaveLength(failed);
    expect(all.stdout).not.toContain('(the first');
    // Many joins: an unknown id lists ten of them and counts the rest.
    const unknown = await runCli('explain', file, '--join', 'nope');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/its joins are join-1, join-2, .*join-10 and 140 more/);
  });

  it('refuses an unknown join id with exit 2 and names the joins', async () => {
    const { code, stderr } = await runCli('explain', gallery('stale-view'), '--join', 'dav');
    expect(code).toBe(2);
    expect(stderr).toContain('no join with id "dav"; did you mean "dave"?; its joins are dave-space, dave, dave-retry');
  });

  it('writes the report with explanations, whole, and never over a file fedsim did not write', async () => {
    const dir = scratchDir();
    const out = join(dir, 'report.json');
    expect((await runCli('explain', gallery('allow-typo'), '--report', out)).code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { joins: { explanation?: { fix: { fix: { type: string } } } }[] };
    expect(report.joins[0]?.explanation?.fix.fix.type).toBe('fix-allow-entry');
    const mine = join(dir, 'mine.json');
    writeFileSync(mine, 'my notes');
    const refused = await runCli('explain', gallery('allow-typo'), '--report', mine);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists and was not written by fedsim; pass --force');
    expect(readFileSync(mine, 'utf8')).toBe('my notes');
    expect((await runCli('explain', gallery('allow-typo'), '--report', mine, '--force')).code).toBe(0);
    expect(existsSync(mine) && readFileSync(mine, 'utf8').startsWith('{')).toBe(true);
  });

  it('reports a broken scenario as file:path: message and exits 2', async () => {
    const dir = scratchDir();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"fedsim": 2}');
    const { code, stderr } = await runCli('explain', bad);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json:fedsim: /);
  });
});
