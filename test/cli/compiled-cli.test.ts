import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isBuildFresh, listSources, MANIFEST_NAME, sourceStamps } from '../../bin/build-manifest.mjs';
import { needsBiggerHeap } from '../../bin/input-size.mjs';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A checkout with two sources, a test, and a manifest of a build of them. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'fedsim-build-'));
  made.push(root);
  mkdirSync(join(root, 'cli', 'commands'), { recursive: true });
  mkdirSync(join(root, 'engine'), { recursive: true });
  writeFileSync(join(root, 'cli', 'commands', 'run.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'engine', 'index.ts'), 'export const b = 2;\n');
  writeFileSync(join(root, 'engine', 'index.test.ts'), 'test\n');
  mkdirSync(join(root, 'dist'));
  writeFileSync(join(root, 'dist', MANIFEST_NAME), JSON.stringify({ sources: sourceStamps(root, listSources(root)) }));
  return root;
}

describe('the compiled CLI is used only when built from the sources as they are', () => {
  it('lists every .ts source of cli/ and engine/ but no tests', () => {
    expect(listSources(checkout())).toEqual(['cli/commands/run.ts', 'engine/index.ts']);
  });

  it('is fresh right after the build', () => {
    expect(isBuildFresh(checkout())).toBe(true);
  });

  it('is stale when a source was edited', () => {
    const root = checkout();
    writeFileSync(join(root, 'engine', 'index.ts'), 'export const b = 3;\n');
    utimesSync(join(root, 'engine', 'index.ts'), new Date(2000, 0, 1), new Date(2000, 0, 1));
    expect(isBuildFresh(root)).toBe(false);
  });

  it('is stale when a source was added or removed', () => {
    const added = checkout();
    writeFileSync(join(added, 'cli', 'commands', 'sweep.ts'), 'export {};\n');
    expect(isBuildFresh(added)).toBe(false);
    const removed = checkout();
    rmSync(join(removed, 'cli', 'commands', 'run.ts'));
    expect(isBuildFresh(removed)).toBe(false);
  });

  it('is stale when there is no build', () => {
    const root = checkout();
    rmSync(join(root, 'dist'), { recursive: true });
    expect(isBuildFresh(root)).toBe(false);
  });
});

describe('a second Node process with a bigger heap only when the input may need it', () => {
  const GiB = 2 ** 30;
  function inputs(): string {
    const dir = mkdtempSync(join(tmpdir(), 'fedsim-input-'));
    made.push(dir);
    writeFileSync(join(dir, 'small.json'), JSON.stringify({ fedsim: 1, servers: [], rooms: [] }));
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(2 ** 20));
    writeFileSync(join(dir, 'gen.yaml'), 'fedsim: 1\ngenerate:\n  servers: 10\n');
    return dir;
  }

  it('not for --version, --help or a small scenario', () => {
    const dir = inputs();
    expect(needsBiggerHeap(['--version'], 4 * GiB, dir)).toBe(false);
    expect(needsBiggerHeap([], 4 * GiB, dir)).toBe(false);
    expect(needsBiggerHeap(['run', 'small.json', '--report', 'big.json'], 4 * GiB, dir)).toBe(false);
  });

  it('for a scenario file over a fortieth of the heap limit', () => {
    expect(needsBiggerHeap(['run', 'big.json'], 39 * 2 ** 20, inputs())).toBe(true);
    expect(needsBiggerHeap(['run', 'big.json'], 41 * 2 ** 20, inputs())).toBe(false);
  });

  it('for inputs of unknown size: a generate block, standard input, a directory', () => {
    const dir = inputs();
    expect(needsBiggerHeap(['run', 'gen.yaml'], 4 * GiB, dir)).toBe(true);
    expect(needsBiggerHeap(['run', '-'], 4 * GiB, dir)).toBe(true);
    expect(needsBiggerHeap(['import', '.'], 4 * GiB, dir)).toBe(true);
  });

  it('for fedsim generate by the joins asked for', () => {
    expect(needsBiggerHeap(['generate', '--servers', '50'], 4 * GiB, '.')).toBe(false);
    expect(needsBiggerHeap(['generate', '--joins', '2000000'], 4 * GiB, '.')).toBe(true);
    expect(needsBiggerHeap(['generate', '--joins=2000000'], 4 * GiB, '.')).toBe(true);
  });
});

describe('the build', () => {
  it('compiles every source of cli/ and engine/ to its own file, and the CLI to one bundle that runs', () => {
    const root = process.cwd();
    const out = join(root, `.dist-test-${process.pid}`);
    made.push(out);
    execFileSync(process.execPath, ['scripts/build-cli.mjs', '--quiet', '--outdir', out]);
    for (const source of listSources(root)) expect(existsSync(join(out, source.replace(/\.ts$/, '.js'))), source).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as { sources: Record<string, unknown> };
    expect(Object.keys(manifest.sources)).toEqual(listSources(root));
    const script = `import(${JSON.stringify(pathToFileURL(join(out, 'fedsim.js')).href)}).then((m) => m.main(['--version']))`;
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim()).toBe(version);
    // A module compiled alone loads with its imports rewritten to compiled files.
    const engine = `import(${JSON.stringify(pathToFileURL(join(out, 'engine', 'index.js')).href)}).then((m) => console.log(typeof m.runScenario))`;
    expect(execFileSync(process.execPath, ['--input-type=module', '-e', engine], { encoding: 'utf8' }).trim()).toBe('function');
    // The sweep queue's packages load only when a queue is used: a static import
    // would load them for every command, tripling `fedsim --version`'s time.
    const bundle = readFileSync(join(out, 'fedsim.js'), 'utf8');
    expect(bundle).not.toMatch(/^import\b[^;]*\bfrom\s*["'](bullmq|ioredis)["']/m);
    expect(bundle).toMatch(/import\(["']bullmq["']\)/);
  }, 60_000);
});
