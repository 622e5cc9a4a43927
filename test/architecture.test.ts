/**
 * The import rules of the house style: engine/ is pure (no Node, no DOM, no wall
 * clock, no Math.random, no console) and imports nothing of ours outside itself;
 * cli/ and viz/ reach the engine only through engine/index.ts; nothing imports
 * cli/ or viz/ except themselves (and tests). Inside the engine: no import cycles
 * (type imports count), federation/ never imports run/, store/ imports nothing of
 * the engine, and a folder with an index.ts is entered only through it.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
    const allowedPackages = new Set(['yaml', 'immer']);
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

  it('has no import cycles between engine modules, type imports included', () => {
    const files = new Set(engine);
    const graph = new Map(engine.map((file) => [file, importsOf(file).flatMap((spec) => resolvedFile(file, spec, files) ?? [])]));
    expect(importCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps federation/ from importing run/, and store/ from importing the rest of the engine', () => {
    const offenders = engine.flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => target(file, spec))
        .filter((to) => (file.startsWith('engine/federation/') && to.startsWith('engine/run/')) || (file.startsWith('engine/store/') && !to.startsWith('engine/store/')))
        .map((to) => `${file}: imports ${to}`),
    );
    expect(offenders).toEqual([]);
  });

  it('enters engine/, viz/ and engine folders with an index.ts only through that index', () => {
    const files = [...engine, ...sourceFiles('cli'), ...sourceFiles('bench'), ...(safeDir('viz') ? sourceFiles('viz') : [])];
    expect(doorViolations(files, (path) => existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('gives every export of engine/index.ts, store/index.ts and join-machine/index.ts a doc comment', () => {
    const undocumented = engine
      .filter((file) => file.endsWith('/index.ts'))
      .flatMap((file) => {
        const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
        return lines.flatMap((line, i) => (/^export /.test(line) && !/\*\/\s*$/.test(lines[i - 1] ?? '') ? [`${file}:${i + 1}: ${line}`] : []));
      });
    expect(undocumented.filter((line) => line.startsWith('engine/index.ts') || line.startsWith('engine/store/') || line.startsWith('engine/federation/join-machine/'))).toEqual([]);
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

/** The engine file an import names (`x` is x.ts or x/index.ts), or null for a package or a file outside. */
function resolvedFile(file: string, spec: string, files: ReadonlySet<string>): string | null {
  if (!spec.startsWith('.')) return null;
  const to = target(file, spec).replace(/\.(ts|mts|js)$/, '');
  return [`${to}.ts`, `${to}/index.ts`].find((candidate) => files.has(candidate)) ?? null;
}

/** Each group of files that import one another in a circle (Tarjan's strongly connected components of size > 1, or a file importing itself). */
function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop() as string;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/**
 * Imports that enter a folder with an index.ts (a door: engine/ and viz/, and
 * engine's folders that have one) other than through that index, from a file
 * outside the folder. cli/ is an application, not a library: its commands/index.ts
 * lists the commands and is no door.
 */
function doorViolations(files: readonly string[], exists: (path: string) => boolean): string[] {
  const isDoor = (dir: string): boolean => (dir === 'engine' || dir === 'viz' || dir.startsWith('engine/')) && exists(`${dir}/index.ts`);
  return files.flatMap((file) =>
    importsOf(file)
      .filter((spec) => spec.startsWith('.'))
      .flatMap((spec) => {
        const to = target(file, spec).replace(/\.(ts|mts|js)$/, '');
        const parts = to.split('/');
        for (let depth = 1; depth < parts.length; depth++) {
          const dir = parts.slice(0, depth).join('/');
          if (file.startsWith(`${dir}/`)) continue;
          if (isDoor(dir) && to !== `${dir}/index` && to !== dir) return [`${file}: imports ${to}, inside ${dir}/ (use ${dir}/index)`];
        }
        return [];
      }),
  );
}

function safeDir(dir: string): boolean {
  try {
    return statSync(join(ROOT, dir)).isDirectory();
  } catch {
    return false;
  }
}
