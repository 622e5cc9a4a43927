// Compiles the CLI and the engine to JavaScript in dist/, so `fedsim` starts
// without compiling TypeScript. Run by `npm install` (postinstall), `npm test` and
// `npm run build:cli`. Two forms:
//
// - dist/fedsim.js: cli/main.ts and everything of ours it imports in one file
//   (packages stay imports), what bin/fedsim.mjs loads: one module instead of 130
//   loads in about a fifth of the time.
// - dist/cli/..., dist/engine/...: every .ts file under cli/ and engine/ (tests
//   aside) compiled alone to a .js file at the same relative path, so any module
//   (a worker_threads script, say; cli/module-url.ts finds it) can be loaded
//   compiled. Relative imports are rewritten to the compiled file's name
//   (`../engine/index` becomes `../engine/index.js`).
// dist/build-manifest.json lists
// every source with its size and modification time; bin/fedsim.mjs compares it
// with the sources at start-up and runs the TypeScript through tsx when they
// differ, so an edited checkout never runs old code.
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSources, MANIFEST_NAME, sourceStamps } from '../bin/build-manifest.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--outdir DIR` builds elsewhere (the build's own test does, so as not to touch dist/).
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? resolve(process.argv[outdirArg + 1] ?? '') : join(root, 'dist');
// Built beside the output folder and moved into place whole: a `fedsim` starting
// meanwhile sees the old build or none (and then runs the sources), never half of one.
const partial = join(dirname(outdir), `.${basename(outdir)}-${process.pid}.partial`);

/** The file a relative import names: `x` is x.ts or x/index.ts (the layout tsc's bundler resolution allows). */
function resolveSource(fromDir, specifier) {
  const base = resolve(fromDir, specifier);
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Keeps every import an import; relative ones are pointed at the compiled file. */
const rewriteImports = {
  name: 'rewrite-imports',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      const target = resolveSource(args.resolveDir, args.path);
      if (target === null) return { errors: [{ text: `cannot resolve ${args.path} from ${relative(root, args.importer)}` }] };
      // A .ts source becomes .js; anything else (a .json, an .mjs helper in bin/) is used as it is, from its own place.
      const compiled = target.endsWith('.ts') ? target.replace(/\.ts$/, '.js') : target;
      const insideBuild = target.endsWith('.ts');
      const from = dirname(args.importer);
      let specifier = insideBuild ? relative(from, compiled) : relative(join(outdir, relative(root, from)), target);
      specifier = specifier.split(sep).join('/');
      if (!specifier.startsWith('.')) specifier = `./${specifier}`;
      return { path: specifier, external: true };
    });
  },
};

const sources = listSources(root);
// Stamped before compiling: a source saved during the build then reads as changed.
const stamps = sourceStamps(root, sources);
const started = performance.now();
rmSync(partial, { recursive: true, force: true });
try {
  await compile();
} catch (error) {
  rmSync(partial, { recursive: true, force: true });
  // From `npm install`: a machine where esbuild cannot run still gets a working
  // fedsim, which then runs its TypeScript through tsx.
  if (!process.argv.includes('--if-possible')) throw error;
  console.warn(`fedsim: could not compile the CLI (${error.message.split('\n')[0]}); fedsim will run its TypeScript sources`);
  process.exit(0);
}

async function compile() {
  // Imported here, so that a machine where esbuild cannot load still gets to the message above.
  const { build } = await import('esbuild');
  await build({
    entryPoints: sources.map((file) => join(root, file)),
    outdir: partial,
    outbase: root,
    bundle: true,
    plugins: [rewriteImports],
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  await build({
    entryPoints: [join(root, 'cli', 'main.ts')],
    outfile: join(partial, 'fedsim.js'),
    bundle: true,
    packages: 'external',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  writeFileSync(join(partial, MANIFEST_NAME), JSON.stringify({ sources: stamps }) + '\n');
  rmSync(outdir, { recursive: true, force: true });
  renameSync(partial, outdir);
}
const count = readdirSync(outdir, { recursive: true }).filter((f) => String(f).endsWith('.js')).length;
if (!process.argv.includes('--quiet')) {
  console.log(`fedsim: compiled ${count - 1} modules of cli/ and engine/ (and their bundle, dist/fedsim.js) to dist/ in ${Math.round(performance.now() - started)} ms`);
}
