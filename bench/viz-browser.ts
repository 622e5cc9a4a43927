/**
 * Benchmark of the built visualiser in headless Chromium on the scale workload
 * (1,000 servers, 10,000 joins): opening the report, simulating the scenario in
 * the page (in a worker), selecting a join, scrubbing, filtering and scrolling.
 * Timings are from input to the next painted frame, measured inside the page;
 * "stall" is the longest time the page could not run a timer while loading (it
 * includes Playwright putting the file into the page); "first render" is the
 * page's own User Timing of drawing the run once it has the data.
 * Run: npx tsx bench/viz-browser.ts   Writes the "browser" section of bench/baselines-viz.json.
 */
import type { Page } from 'playwright-core';
import { validateScenario, runScenario } from '../engine/index';
import { launchBrowser, openPage, serveBuiltSite } from '../test/browser/harness';
import { FULL_SIZE, makeWorkload } from './viz-workload';
import { writeSection } from './viz-baselines';

const raw = makeWorkload(FULL_SIZE);
const scenarioText = JSON.stringify(raw);
const validated = validateScenario(JSON.parse(scenarioText), 'workload.json');
if (!validated.ok) throw new Error('workload does not validate');
const { report } = runScenario(validated.scenario);
const reportText = JSON.stringify(report);
const total = report.joins.length;

/** Runs `action` in the page and resolves after the next two animation frames: input-to-paint time. */
async function timed(page: Page, action: string, arg: unknown = null): Promise<number> {
  return page.evaluate(
    async ([code, value]) => {
      const start = performance.now();
      new Function('value', code as string)(value);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return Math.round((performance.now() - start) * 10) / 10;
    },
    [action, arg] as const,
  );
}

/** Starts recording the longest gap between 20 ms timer ticks: how long the page could not respond. */
async function startStallMeter(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const w = window;
    w.__maxStall = 0;
    let last = performance.now();
    clearInterval(w.__stallTimer);
    w.__stallTimer = setInterval(() => {
      const now = performance.now();
      w.__maxStall = Math.max(w.__maxStall, now - last - 20);
      last = now;
    }, 20);
  })()`);
}

async function readStallMeter(page: Page): Promise<number> {
  return Math.round(Number(await page.evaluate('window.__maxStall')));
}

/** How long the page took to render the run it just loaded (the fedsim:render-run User Timing entry). */
async function lastRenderMeasure(page: Page): Promise<number> {
  return Math.round(Number(await page.evaluate(`performance.getEntriesByName('fedsim:render-run').at(-1)?.duration ?? -1`)));
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const site = await serveBuiltSite();
const browser = await launchBrowser();
try {
  const { page, problems } = await openPage(browser);
  await page.goto(site.url + '#scenario=examples/seed-failover');
  await page.locator('#ladder-table tr.attempt-row').first().waitFor();

  await startStallMeter(page);
  let start = Date.now();
  await page.locator('#file-input').setInputFiles({ name: 'workload-report.json', mimeType: 'application/json', buffer: Buffer.from(reportText) });
  await page.waitForFunction((n) => document.getElementById('join-count')?.textContent === `${n} of ${n} joins`, total, { timeout: 120_000 });
  const openReportMs = Date.now() - start;
  const openReportMaxStallMs = await readStallMeter(page);
  const firstRenderMs = await lastRenderMeasure(page);
  const domNodes = await page.evaluate(() => document.querySelectorAll('*').length);
  const joinRowsInDom = await page.locator('#join-list .join-row').count();
  const graphIsCanvas = (await page.locator('#graph-canvas').count()) === 1;

  const select: number[] = [];
  for (const index of [10, 5000, 9990]) select.push(await timed(page, `document.querySelector('#join-list').scrollTop = ${index} * 60; document.querySelector('#join-list').dispatchEvent(new Event('scroll')); document.querySelector('[data-join="j${index + 1}"]')?.click();`));
  const scrub: number[] = [];
  for (const t of [2000, 30000, 60000, 90000, report.endedAt]) scrub.push(await timed(page, `const r = document.getElementById('time'); r.value = String(value); r.dispatchEvent(new Event('input', { bubbles: true }));`, t));
  const scroll: number[] = [];
  for (const top of [1000, 200000, 400000, 599000]) scroll.push(await timed(page, `const l = document.getElementById('join-list'); l.scrollTop = value; l.dispatchEvent(new Event('scroll'));`, top));
  const search = await timed(page, `const s = document.getElementById('join-search'); s.value = 'hs7'; s.dispatchEvent(new Event('input', { bubbles: true }));`);
  const clearSearch = await timed(page, `const s = document.getElementById('join-search'); s.value = ''; s.dispatchEvent(new Event('input', { bubbles: true }));`);
  const cell = await timed(page, `document.querySelector('#errcode-matrix td[data-answer]')?.click();`);

  await startStallMeter(page);
  start = Date.now();
  await page.locator('#file-input').setInputFiles({ name: 'workload.json', mimeType: 'application/json', buffer: Buffer.from(scenarioText) });
  await page.waitForFunction(() => document.getElementById('run-name')?.textContent?.includes('simulated here') && document.getElementById('run-name')?.textContent?.includes('10000 joins'), null, { timeout: 300_000 });
  const simulateInPageMs = Date.now() - start;
  const simulateMaxStallMs = await readStallMeter(page);
  const simulatedFirstRenderMs = await lastRenderMeasure(page);

  const figures = {
    workload: { servers: FULL_SIZE.servers, joins: total, reportBytes: reportText.length, scenarioBytes: scenarioText.length },
    openReportMs,
    openReportMaxMainThreadStallMs: openReportMaxStallMs,
    openReportFirstRenderMs: firstRenderMs,
    simulateScenarioInPageMs: simulateInPageMs,
    simulateMaxMainThreadStallMs: simulateMaxStallMs,
    simulatedFirstRenderMs,
    domNodesAfterOpen: domNodes,
    joinRowsInDom,
    graphIsCanvas,
    inputToPaintMs: {
      selectJoinMedian: median(select),
      scrubMedian: median(scrub),
      scrubMax: Math.max(...scrub),
      scrollJoinListMedian: median(scroll),
      searchFilter: search,
      clearFilter: clearSearch,
      matrixCellFilter: cell,
    },
    pageProblems: problems.length,
  };
  console.log(JSON.stringify(figures, null, 2));
  if (problems.length) console.error(problems.join('\n'));
  writeSection('browser', figures);
  await page.screenshot({ path: 'test-artifacts/viz-scale.png' });
} finally {
  await browser.close();
  site.stop();
}
