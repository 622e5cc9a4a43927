/**
 * What the browser tests share: the built site (built first when missing or
 * stale), a server for it on 127.0.0.1 in its own process (stopped by PID),
 * Debian's Chromium through playwright-core with the flags from toolchain.md, and
 * a page that records console errors and any request to another host.
 */
import { freePort } from '../free-port';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { ensureSite, REPO_ROOT } from '../../cli/viz-server/site';

export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts');
const CHROMIUM = process.env.FEDSIM_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export { freePort };

/** Waits until `url` answers, or throws after `ms`. */
async function waitForHttp(url: string, ms: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export interface Served {
  url: string;
  stop(): void;
}

/** Serves a command's output on 127.0.0.1 in a child process; `args` get the port appended by the caller. */
export async function serveWith(command: string[], port: number, readyUrl: string): Promise<Served & { output: () => string }> {
  let output = '';
  const child = spawn(process.execPath, command, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = (): void => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
  };
  try {
    await waitForHttp(readyUrl, 20_000, child);
  } catch (error) {
    stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url: `http://127.0.0.1:${port}/`, stop, output: () => output };
}

/**
 * Test files run in parallel: one builds while the others wait, so two builds
 * never write viz/dist at once. A lock older than two minutes is from a crash.
 */
async function ensureSiteOnce(): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const lock = join(ARTIFACTS, '.build-lock');
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    ensureSite();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds viz/dist if needed and serves it with `vite preview`, as any static host would. */
export async function serveBuiltSite(): Promise<Served> {
  await ensureSiteOnce();
  const port = await freePort();
  return serveWith(['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], port, `http://127.0.0.1:${port}/`);
}

export function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface WatchedPage {
  page: Page;
  /** Console errors, page errors and requests to hosts other than 127.0.0.1. */
  problems: string[];
}

export async function openPage(browser: Browser, width = 1600, height = 1000): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width, height } });
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1') problems.push(`request to another host: ${request.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  return { page, problems };
}

/** Waits for the page to catch up; generous, since CI machines can be slow and busy. */
export const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number } = {}) => expect.poll(fn, { timeout: 20_000, ...options });

export interface BrowserSession {
  /** Where the built site is served (valid once the suite's beforeAll has run). */
  readonly siteUrl: string;
  /** Opens a watched page; after the test it is closed and must have recorded no problems. */
  openPage(width?: number, height?: number): Promise<WatchedPage>;
}

/**
 * Registers a test file's browser session: the built site served and Chromium
 * launched once for the file, both stopped at the end, and after every test the
 * page it opened closed and checked for console errors and off-host requests.
 */
export function useBrowserSession(): BrowserSession {
  let site: Served | undefined;
  let browser: Browser | undefined;
  let watched: WatchedPage | null = null;
  beforeAll(async () => {
    site = await serveBuiltSite();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    site?.stop();
  });
  afterEach(async () => {
    const problems = watched?.problems ?? [];
    await watched?.page.close();
    watched = null;
    expect(problems).toEqual([]);
  });
  return {
    get siteUrl() {
      if (!site) throw new Error('the site is served only once the suite has started');
      return site.url;
    },
    async openPage(width?: number, height?: number) {
      if (!browser) throw new Error('the browser is launched only once the suite has started');
      watched = await openPage(browser, width, height);
      return watched;
    },
  };
}
