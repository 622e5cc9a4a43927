/**
 * The visualiser on big federations, in headless Chromium: `viz-100k` loads a
 * generated 100,000-join run as a report and as a scenario, `viz-1m` a
 * 1,000,000-join report. For each load: time to usable (file chosen → the join
 * list counts every join and the overview is drawn), then the slowest of 20
 * interactions (select a join, move the timeline, change a filter, open the
 * overview, input to the second animation frame), and the longest main-thread
 * task after the first render (PerformanceObserver "longtask"). Yardsticks timed
 * in the same run, in Node: the report streamed through the page's own scanner,
 * JSON.parse of the whole report (where a string can hold it), and the scenario's simulation.
 * Inputs are generated with `fedsim generate` into a temporary folder (kept between runs).
 * Run: npm run bench -- viz-100k viz-1m [--record]   (or npx tsx bench/viz-scale.ts NAME [--record])
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expandGenerate, loadScenario, runScenario } from '../engine/index';
import { launchBrowser, serveBuiltSite } from '../test/browser/harness';
import { benchInputs } from './viz-inputs';
import { createReportScanner } from '../viz/index';

const BASELINES = new URL('./baselines.json', import.meta.url);

interface Size {
  servers: number;
  rooms: number;
  joins: number;
  /** Also load the scenario (simulated in the page's worker). */
  scenario: boolean;
}

const SIZES: Record<string, Size> = {
  'viz-100k': { servers: 1000, rooms: 10_000, joins: 100_000, scenario: true },
  'viz-1m': { servers: 10_000, rooms: 100_000, joins: 1_000_000, scenario: false },
};

/** Runs `code` in the page and resolves two animation frames later: input to paint, in ms. */
async function timed(page: Page, code: string): Promise<number> {
  return page.evaluate(async (source) => {
    const start = performance.now();
    new Function(source)();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return Math.round((performance.now() - start) * 10) / 10;
  }, code);
}

/** Records every long task (> 50 ms) of the page from its first script on. */
const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
`;

async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate((from) => {
    const tasks = (window as unknown as { __longTasks: [number, number][] }).__longTasks;
    return Math.round(tasks.filter(([start]) => start >= from).reduce((max, [, d]) => Math.max(max, d), 0));
  }, since);
}

/** The 20 interactions, each input to paint: 5 joins selected, 5 timeline moves, 6 filter changes, 4 overview opens and group picks. */
async function interactions(page: Page, joins: number, end: number): Promise<{ name: string; ms: number }[]> {
  const out: { name: string; ms: number }[] = [];
  const run = async (name: string, code: string): Promise<void> => {
    out.push({ name, ms: await timed(page, code) });
  };
  // Scrolls to a fraction of the list (the list maps its scroll range onto all rows) and clicks a row drawn there.
  for (const fraction of [0, 0.33, 0.5, 0.999, 0.01]) {
    await run(
      `select join at ${Math.round(fraction * joins)}`,
      `const l = document.getElementById('join-list'); l.scrollTop = ${fraction} * (l.scrollHeight - l.clientHeight); l.dispatchEvent(new Event('scroll')); const rows = document.querySelectorAll('#join-list .join-row'); rows[Math.min(rows.length - 1, 8)].click();`,
    );
  }
  for (const t of [Math.floor(end / 10), Math.floor(end / 2), Math.floor(end * 0.9), 1000, end]) {
    await run(`timeline to ${t}`, `const r = document.getElementById('time'); r.value = '${t}'; r.dispatchEvent(new Event('input', { bubbles: true }));`);
  }
  await run('overview', `document.getElementById('overview').click();`);
  await run('overview group', `document.querySelector('#overview-groups tr[data-group]').click();`);
  await run('clear group', `document.getElementById('group-filter').click();`);
  await run('filter outcome failed', `const s = document.getElementById('filter-outcome'); s.value = 'failed'; s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await run('filter errcode', `const s = document.getElementById('filter-errcode'); s.value = 'M_FORBIDDEN'; s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await run('filter room', `const s = document.getElementById('filter-room'); s.value = document.querySelector('#join-list [data-join]') ? '!r1:s1' : ''; s.dispatchEvent(new Event('change', { bubbles: true }));`);
  await run('search', `const s = document.getElementById('join-search'); s.value = 's12'; s.dispatchEvent(new Event('input', { bubbles: true }));`);
  await run('clear filters', `const s = document.getElementById('join-search'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true })); for (const id of ['filter-room']) { const i = document.getElementById(id); i.value = ''; i.dispatchEvent(new Event('change', { bubbles: true })); } for (const id of ['filter-outcome', 'filter-errcode']) { const i = document.getElementById(id); i.value = i.options[0].value; i.dispatchEvent(new Event('change', { bubbles: true })); }`);
  await run('matrix cell', `document.querySelector('#errcode-matrix td[data-answer]').click();`);
  await run('select join after filters', `document.querySelector('#join-list [data-position="0"]').click();`);
  await run('overview again', `document.getElementById('overview').click();`);
  return out;
}

interface LoadFigures {
  timeToUsableMs: number;
  firstRenderMs: number;
  longestTaskAfterFirstRenderMs: number;
  longestTaskWhileLoadingMs: number;
  slowestInteractionMs: number;
  slowestInteraction: string;
  longestTaskDuringInteractionsMs: number;
  interactionsMs: Record<string, number>;
}

async function measureLoad(page: Page, file: string, joins: number, wait: string): Promise<LoadFigures> {
  const before = await page.evaluate(() => performance.now());
  const started = Date.now();
  await page.locator('#file-input').setInputFiles(file);
  await page.waitForFunction(wait, null, { timeout: 30 * 60_000, polling: 500 });
  const timeToUsableMs = Date.now() - started;
  const render = await page.evaluate(() => {
    const entry = performance.getEntriesByName('fedsim:render-run').at(-1);
    return entry ? [entry.startTime, entry.duration] : [0, 0];
  });
  const renderEnd = (render[0] as number) + (render[1] as number);
  // Let the page settle, then see whether anything after the first render blocked it.
  await page.waitForTimeout(1500);
  const longestAfterRender = await longestTaskSince(page, renderEnd);
  const longestWhileLoading = await longestTaskSince(page, before);
  const end = Number(await page.locator('#time').getAttribute('max'));
  const beforeInteractions = await page.evaluate(() => performance.now());
  const list = await interactions(page, joins, end);
  const slowest = list.reduce((a, b) => (b.ms > a.ms ? b : a));
  return {
    timeToUsableMs,
    firstRenderMs: Math.round(render[1] as number),
    longestTaskAfterFirstRenderMs: longestAfterRender,
    longestTaskWhileLoadingMs: longestWhileLoading,
    slowestInteractionMs: slowest.ms,
    slowestInteraction: slowest.name,
    longestTaskDuringInteractionsMs: await longestTaskSince(page, beforeInteractions),
    interactionsMs: Object.fromEntries(list.map((i) => [i.name, i.ms])),
  };
}

async function yardsticks(inputs: { scenario: string; report: string }, simulate: boolean): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  // The page's own parsing work without the page: the report streamed through the same scanner, join by join.
  let start = performance.now();
  let joins = 0;
  const scanner = createReportScanner(() => joins++);
  for await (const chunk of createReadStream(inputs.report, { highWaterMark: 2 ** 20 })) scanner.push(chunk as Uint8Array);
  scanner.end();
  out.nodeStreamParseReportMs = Math.round(performance.now() - start);
  const size = statSync(inputs.report).size;
  if (size < 500 * 2 ** 20) {
    // Past ~512 MB no string can hold the report, so there is no JSON.parse to compare with.
    start = performance.now();
    JSON.parse(readFileSync(inputs.report, 'utf8'));
    out.nodeJsonParseReportMs = Math.round(performance.now() - start);
  }
  if (simulate) {
    start = performance.now();
    const loaded = loadScenario(readFileSync(inputs.scenario, 'utf8'), 'bench.json');
    if (!loaded.ok) throw new Error('the bench scenario does not validate');
    runScenario(expandGenerate(loaded.scenario, 'bench.json'));
    out.nodeSimulateScenarioMs = Math.round(performance.now() - start);
  }
  return out;
}

async function bench(name: string): Promise<Record<string, unknown>> {
  const size = SIZES[name];
  if (!size) throw new Error(`no visualiser benchmark called ${name}`);
  const inputs = benchInputs(size);
  const site = await serveBuiltSite();
  const browser = await launchBrowser();
  try {
    const figures: Record<string, unknown> = { name, joins: size.joins, servers: size.servers, reportMiB: Math.round(readFileSync(inputs.report).length / 2 ** 20) };
    // The measuring code is evaluated from strings, which the page's CSP forbids: bypass it for the benchmark only.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.addInitScript(LONG_TASK_OBSERVER);
    await page.goto(site.url + '#scenario=examples/seed-failover');
    await page.locator('#ladder-table tr.attempt-row').first().waitFor();
    const usable = (source: string): string =>
      `document.getElementById('join-count')?.textContent === '${size.joins} of ${size.joins} joins' && document.getElementById('run-name')?.textContent?.includes('${source}') && !!document.querySelector('#overview-groups tr[data-group]')`;
    figures.report = await measureLoad(page, inputs.report, size.joins, usable('loaded report'));
    if (size.scenario) figures.scenario = await measureLoad(page, inputs.scenario, size.joins, usable('simulated here'));
    if (name === 'viz-100k') await page.screenshot({ path: join('test-artifacts', `${name}.png`) });
    figures.pageProblems = problems.length;
    if (problems.length) console.error(problems.join('\n'));
    await page.close();
    Object.assign(figures, await yardsticks(inputs, size.scenario));
    return figures;
  } finally {
    await browser.close();
    site.stop();
  }
}

const args = process.argv.slice(2);
const record = args.includes('--record');
for (const name of args.filter((a) => !a.startsWith('--'))) {
  const figures = await bench(name);
  console.log(JSON.stringify(figures, null, 2));
  if (record) {
    const all = JSON.parse(readFileSync(BASELINES, 'utf8')) as Record<string, unknown>;
    all[name] = { ...figures, recordedAt: new Date().toISOString(), node: process.version };
    writeFileSync(BASELINES, JSON.stringify(all, null, 2) + '\n');
    console.log(`recorded ${name} in bench/baselines.json`);
  }
}
