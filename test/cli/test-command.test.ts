/**
 * `fedsim test` as CI uses it: each problem once, on stderr; a binary file is
 * "not a text file", not kilobytes of mojibake; a file with a byte order mark is
 * found in a directory as when named; an empty directory is exit 2; a lint code
 * in `expect` that the linter does not have is a bad file with a suggestion.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';

const EXAMPLE = 'scenarios/examples/seed-failover.yaml';

describe('fedsim test', () => {
  it('prints each problem of a bad file once, on stderr', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'bad.yaml'), 'fedsim: 1\nname: x\nservers: []\nrooms: []\nzzz: 1\n');
    const run = await runCli('test', join(dir, 'bad.yaml'));
    expect(run.code).toBe(2);
    const line = `${join(dir, 'bad.yaml')}:zzz: unknown key; known keys are fedsim, name, description, seed, errcodes, defaults, network, servers, rooms, timeline, expect, until, profileSettings, generate`;
    expect(run.stderr).toBe(`${line}\n`);
    expect(run.stdout).not.toContain('unknown key');
    expect(run.stdout).toMatch(/^BAD\s/m);
  });

  it('says a binary file is not a text file, in one short line', async () => {
    const file = join(scratchDir(), 'photo.yaml');
    writeFileSync(file, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0]), Buffer.alloc(3000, 0xff)]));
    const run = await runCli('test', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${file}: not a text file (it holds binary data); scenario and state files are YAML or JSON text\n`);
  });

  it('finds a scenario that starts with a byte order mark in a directory, as when it is named', async () => {
    const dir = scratchDir();
    writeFileSync(join(dir, 'bom.yaml'), '\uFEFF' + readFileSync(EXAMPLE, 'utf8'));
    const byDir = await runCli('test', dir);
    const byName = await runCli('test', join(dir, 'bom.yaml'));
    expect(byDir.code).toBe(0);
    expect(byDir.stdout).toContain('1 scenario file: 1 passed, 0 failed, 0 bad');
    expect(byDir.stdout).toBe(byName.stdout);
  });

  it('refuses a directory with no scenario files: exit 2, not a pass', async () => {
    const dir = join(scratchDir(), 'empty');
    mkdirSync(dir);
    const run = await runCli('test', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${dir}: no scenario files (.yaml, .yml or .json with a fedsim key) in this directory\n`);
  });

  it('takes an unknown lint code in expect as a bad file with a suggestion (exit 2), not a failed expectation', async () => {
    const dir = scratchDir();
    const file = join(dir, 'typo.yaml');
    copyFileSync('scenarios/gallery/allow-typo.yaml', file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/lint: unknown-allowed-room/, 'lint: unknown-allowed-rom'));
    expect(readFileSync(file, 'utf8')).toContain('unknown-allowed-rom');
    const run = await runCli('test', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/:expect\[\d+\]\.lint: unknown lint code "unknown-allowed-rom"; did you mean "unknown-allowed-room"\?\n$/);
  });

  it('cuts a very long problem line', async () => {
    // A deep directory makes the file name itself longer than a line is let to be.
    const dir = join(scratchDir(), ...Array.from({ length: 6 }, (_, i) => `${i}${'d'.repeat(90)}`));
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'long.yaml');
    writeFileSync(file, 'fedsim: 1\nname: x\nservers: []\nrooms: []\nzzz: 1\n');
    const run = await runCli('test', file);
    const line = run.stderr.split('\n')[0]!;
    expect(line.length).toBeLessThan(460);
    expect(line).toMatch(/… \(\d+ more characters\)$/);
  });
});
