/**
 * The other ways into the visualiser, in headless Chromium: `fedsim viz FILE`
 * serving a scenario on 127.0.0.1, a large run (canvas graph, virtual join list,
 * aggregated matrix), lint findings, and explaining a join in the page.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runScenario, validateScenario } from '../../engine/index';
import { makeWorkload } from '../../bench/viz-workload';
import { ARTIFACTS, freePort, poll, serveWith, useBrowserSession } from './harness';

const session = useBrowserSession();


describe('fedsim viz FILE', { timeout: 120_000 }, () => {
  it('serves the built site on 127.0.0.1 with the scenario loaded, and nothing outside it', async () => {
    const port = await freePort();
    const served = await serveWith(['bin/fedsim.mjs', 'viz', 'scenarios/examples/seed-failover.yaml', '--port', String(port), '--no-build'], port, `http://127.0.0.1:${port}/`);
    try {
      await poll(() => served.output()).toContain(`http://127.0.0.1:${port}/#load=loaded/seed-failover.yaml`);
      expect((await fetch(`http://127.0.0.1:${port}/loaded/seed-failover.yaml`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/%2e%2e/package.json`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/loaded/other.yaml`)).status).toBe(404);
      const watched = await session.openPage();
      const page = watched.page;
      await page.goto(`http://127.0.0.1:${port}/#load=loaded/seed-failover.yaml&join=joiner`);
      await poll(() => page.locator('#ladder-table tr.attempt-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.errcode))).toEqual(['M_UNABLE_TO_AUTHORISE_JOIN', 'M_UNABLE_TO_GRANT_JOIN', '', '']);
      expect(await page.locator('#run-name').textContent()).toContain('simulated here');
    } finally {
      served.stop();
    }
  });
});

describe('a large run', { timeout: 120_000 }, () => {
  it('draws the graph on a canvas, keeps the join list virtual and folds the matrix', async () => {
    const validated = validateScenario(makeWorkload({ servers: 300, joins: 1500, rooms: 12 }, 7), 'large.json');
    if (!validated.ok) throw new Error('the workload does not validate');
    const report = JSON.stringify(runScenario(validated.scenario).report);
    const watched = await session.openPage();
    const page = watched.page;
    await page.goto(session.siteUrl + '#scenario=examples/seed-failover');
    await page.locator('#ladder-table tr.attempt-row').first().waitFor();
    await page.locator('#file-input').setInputFiles({ name: 'large.json', mimeType: 'application/json', buffer: Buffer.from(report) });
    await poll(() => page.locator('#join-count').textContent()).toBe('1500 of 1500 joins');
    expect(await page.locator('#graph-canvas').count()).toBe(1);
    expect(await page.locator('#join-list .join-row').count()).toBeLessThan(60);
    expect(await page.locator('#errcode-matrix tr.aggregate').textContent()).toMatch(/other servers/);
    await page.locator('#join-list').evaluate((list) => {
      list.scrollTop = 1400 * 60;
      list.dispatchEvent(new Event('scroll'));
    });
    await page.locator('#join-list [data-join="j1401"]').click();
    await poll(() => page.evaluate(() => window.location.hash)).toContain('join=j1401');
    await page.screenshot({ path: join(ARTIFACTS, 'viz-large.png') });
  });
});

describe('diagnosis in the page', { timeout: 120_000 }, () => {
  it('shows lint findings next to the rooms they concern', async () => {
    const watched = await session.openPage();
    const page = watched.page;
    await page.goto(session.siteUrl + '#scenario=gallery/unauthorised-allowed-room');
    await page.locator('#ladder-table tr.attempt-row').first().waitFor();
    expect(await page.locator('#lint-findings').textContent()).toContain('allowed-room-without-authorising-server');
    expect(await page.locator('#participation th[data-room="!room:hs1"]').textContent()).toContain('allowed-room-without-authorising-server');
  });

  it('explains a failed join on request, as text', async () => {
    const watched = await session.openPage();
    const page = watched.page;
    await page.goto(session.siteUrl + '#scenario=examples/seed-failover&join=stranger');
    await page.locator('#ladder-table tr.attempt-row').first().waitFor();
    await page.locator('#explain').click();
    await poll(() => page.locator('#explanation').textContent()).toMatch(/Explanation.+\S/);
  });
});
