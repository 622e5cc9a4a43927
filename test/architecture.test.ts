/**
 * The import rules of the house style: engine/ is pure (no Node, no DOM, no wall
 * clock, no Math.random, no console) and imports nothing of ours outside itself;
 * cli/ and viz/ reach the engine only through engine/index.ts; nothing imports
 * cli/ or viz/ except themselves (and tests).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return specs;
}

function target(file: string, spec: string): string {
  return relative(ROOT, resolve(ROOT, dirname(file), spec));
}

describe('architecture', () => {
  const engine = sourceFiles('engine');

  it('finds the engine sources', () => {
    expect(engine.length).toBeGreaterThan(20);
  });

  it('keeps engine/ free of Node, DOM and UI packages', () => {
    const allowedPackages = new Set(['seedrandom', 'yaml', 'immer']);
    const offenders = engine.flatMap((file) =>
      importsOf(file)
        .filter((spec) => !spec.startsWith('.') && !allowedPackages.has(spec))
        .map((spec) => `${file}: imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps engine/ inside engine/', () => {
    const offenders = engine.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.') && !target(file, spec).startsWith('engine'))
        .map((spec) => `${file}: imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses no wall clock, Math.random, console or DOM in engine/', () => {
    const banned = /\bMath\.random\b|\bDate\.now\b|new Date\(|performance\.now|\bsetTimeout\b|\bsetInterval\b|\bconsole\.|\bdocument\.|\bwindow\.|\bprocess\.(env|exit|stdout|stderr|argv|cwd|hrtime|memoryUsage|nextTick)\b/;
    const offenders = engine.filter((file) => banned.test(readFileSync(join(ROOT, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')));
    expect(offenders).toEqual([]);
  });

  it('lets cli/ and viz/ reach the engine only through engine/index', () => {
    const files = [...sourceFiles('cli'), ...(safeDir('viz') ? sourceFiles('viz') : [])];
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => ({ spec, to: target(file, spec) }))
        .filter(({ to }) => to.startsWith('engine') && to !== 'engine/index' && to !== 'engine')
        .map(({ spec }) => `${file}: imports ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lets nothing outside cli/ import cli/, and nothing outside viz/ import viz/', () => {
    const files = [...engine, ...sourceFiles('cli'), ...(safeDir('viz') ? sourceFiles('viz') : [])];
    const offenders = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => target(file, spec))
        .filter((to) => (to.startsWith('cli') && !file.startsWith('cli')) || (to.startsWith('viz') && !file.startsWith('viz') && !file.startsWith('cli')))
        .map((to) => `${file}: imports ${to}`),
    );
    expect(offenders).toEqual([]);
  });
});

function safeDir(dir: string): boolean {
  try {
    return statSync(join(ROOT, dir)).isDirectory();
  } catch {
    return false;
  }
}
