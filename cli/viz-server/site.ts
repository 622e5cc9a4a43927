/**
 * Where the built visualiser lives (viz/dist in the fedsim checkout) and building
 * it when it is missing or older than its sources, by running the project's own
 * Vite in a child process.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRootOf } from '../package-root';

/** The fedsim checkout this module belongs to. */
export const REPO_ROOT = packageRootOf(import.meta.url);
export const SITE_DIR = join(REPO_ROOT, 'viz', 'dist');

/** Folders whose files end up in the bundle; a newer file in any of them means rebuild. */
const SOURCES = ['viz/index.html', 'viz/src', 'viz/model', 'viz/styles', 'engine', 'scenarios', 'vite.config.ts'];

export function isSiteStale(): boolean {
  const index = join(SITE_DIR, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return SOURCES.some((source) => newestIn(join(REPO_ROOT, source)) > built);
}

function newestIn(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'dist' || entry === 'node_modules' || entry.endsWith('.test.ts')) continue;
    newest = Math.max(newest, newestIn(join(path, entry)));
  }
  return newest;
}

/** Builds viz/dist with the checkout's Vite; throws with Vite's output on failure. */
export function buildSite(): void {
  const vite = join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function ensureSite(): { built: boolean } {
  if (!isSiteStale()) return { built: false };
  buildSite();
  return { built: true };
}
