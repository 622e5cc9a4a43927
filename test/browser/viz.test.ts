/**
 * The built visualiser in headless Chromium: load the shipped failover example,
 * read the ladder, matrix and timeline as a person would, share the state by URL,
 * open reports and traces, and never run text from a file as markup.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type TraceEvent } from '../../engine/index';
import { ARTIFACTS, poll, useBrowserSession } from './harness';
import { SEED_FAILOVER_TEXT } from '../viz/fixtures';

const session = useBrowserSession();


async function open(hash: string): Promise<Page> {
  const watched = await session.openPage();
  await watched.page.goto(session.siteUrl + hash);
  await watched.page.locator('#ladder-table tr.attempt-row').first().waitFor();
  return watched.page;
}

async function ladderRows(page: Page): Promise<string[]> {
  return page.locator('#ladder-table tr.attempt-row').evaluateAll((rows) =>
    rows.map((r) => `${(r as HTMLElement).dataset.server} ${(r as HTMLElement).dataset.status} ${(r as HTMLElement).dataset.errcode || '-'} ${r.classList.contains('answered') ? 'answered' : r.classList.contains('in-flight') ? 'in-flight' : 'future'}`),
  );
}

async function matrixCount(page: Page, server: string, answer: string): Promise<string> {
  const cell = page.locator(`#errcode-matrix tr[data-server="${server}"] td[data-answer="${answer}"]`);
  return (await cell.count()) ? ((await cell.textContent()) ?? '') : '0';
}

async function scrubTo(page: Page, t: number): Promise<void> {
  await page.locator('#time').evaluate((input, value) => {
    (input as HTMLInputElement).value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, t);
}

function reportAndTrace(): { report: string; trace: string } {
  const loaded = loadScenario(SEED_FAILOVER_TEXT, 'seed-failover.yaml');
  if (!loaded.ok) throw new Error('bad example');
  const records: TraceEvent[] = [];
  const { report } = runScenario(loaded.scenario, { onTrace: (e) => records.push(e) });
  return { report: JSON.stringify(report), trace: records.map((r) => JSON.stringify(r)).join('\n') + '\n' };
}

describe('the visualiser on the shipped failover example', { timeout: 120_000 }, () => {
  it('shows who answered what for the selected join, with errcodes and reasons', async () => {
    const page = await open('#scenario=examples/seed-failover');
    await page.locator('#join-list [data-join="stranger"]').click();
    await poll(() => ladderRows(page)).toEqual(['hs1 403 M_FORBIDDEN answered']);
    await poll(() => page.locator('#never-asked').textContent()).toContain('hs2');
    await page.locator('#join-list [data-join="joiner"]').click();
    await poll(() => ladderRows(page)).toEqual([
      'hs2 400 M_UNABLE_TO_AUTHORISE_JOIN answered',
      'hs3 400 M_UNABLE_TO_GRANT_JOIN answered',
      'hs1 200 - answered',
      'hs1 200 - answered',
    ]);
    const table = (await page.locator('#ladder-table').textContent()) ?? '';
    expect(table).toContain('could not authorise');
    expect(table).toContain('could not grant');
    expect(await page.locator('#ladder-summary').textContent()).toContain('joined !room:hs1 through hs1, authorised by @admin:hs1');
    expect(await page.locator('#ladder-svg .answer-label').allTextContents()).toEqual(['400 M_UNABLE_TO_AUTHORISE_JOIN', '400 M_UNABLE_TO_GRANT_JOIN', '200', '200']);
    expect(await page.locator('#why-panel').textContent()).toContain('hs2 takes no part in allowed room !space:hs1');
    expect(await page.locator('#graph-svg g.node[data-server="hs2"]').getAttribute('data-status')).toBe('M_UNABLE_TO_AUTHORISE_JOIN');
    await poll(() => page.evaluate(() => window.location.hash)).toBe('#scenario=examples/seed-failover&join=joiner&t=2100');
    await page.screenshot({ path: join(ARTIFACTS, 'viz-seed-failover.png'), fullPage: true });
    // FEDSIM_UPDATE_DOCS=1 refreshes the README's screenshot from this real build.
    if (process.env.FEDSIM_UPDATE_DOCS) await page.screenshot({ path: join(ARTIFACTS, '..', 'docs', 'viz-screenshot.png') });
  });

  it('counts answers per server in the errcode matrix, and filters joins by a cell', async () => {
    const page = await open('#scenario=examples/seed-failover&join=joiner');
    expect(await matrixCount(page, 'hs1', '200')).toBe('2');
    expect(await matrixCount(page, 'hs1', 'M_FORBIDDEN')).toBe('1');
    expect(await matrixCount(page, 'hs2', 'M_UNABLE_TO_AUTHORISE_JOIN')).toBe('1');
    expect(await matrixCount(page, 'hs3', 'M_UNABLE_TO_GRANT_JOIN')).toBe('1');
    expect(await matrixCount(page, 'hs2', '200')).toBe('0');
    await page.locator('#errcode-matrix td[data-server="hs1"][data-answer="M_FORBIDDEN"]').click();
    await poll(() => page.locator('#join-count').textContent()).toBe('1 of 2 joins');
    expect(await page.locator('#join-list [data-join]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.join))).toEqual(['stranger']);
    await page.locator('#cell-filter').click();
    await poll(() => page.locator('#join-count').textContent()).toBe('2 of 2 joins');
    await page.locator('#graph-svg g.node[data-server="hs5"]').click();
    await poll(() => page.locator('#join-count').textContent()).toBe('1 of 2 joins');
    expect(await page.locator('#filter-server').inputValue()).toBe('hs5');
  });

  it('shows every view at the time chosen on the timeline, by mouse and keyboard', async () => {
    const page = await open('#scenario=examples/seed-failover&join=joiner');
    await scrubTo(page, 1150);
    await poll(() => ladderRows(page)).toEqual(['hs2 400 M_UNABLE_TO_AUTHORISE_JOIN answered', 'hs3 400 M_UNABLE_TO_GRANT_JOIN in-flight', 'hs1 200 - future', 'hs1 200 - future']);
    expect(await matrixCount(page, 'hs2', 'M_UNABLE_TO_AUTHORISE_JOIN')).toBe('1');
    expect(await matrixCount(page, 'hs3', 'M_UNABLE_TO_GRANT_JOIN')).toBe('0');
    expect(await matrixCount(page, 'hs1', '200')).toBe('0');
    expect(await page.locator('#graph-svg g.node[data-server="hs3"]').getAttribute('data-status')).toBe('waiting');
    expect(await page.locator('#participation tr[data-server="hs4"] td[data-room="!room:hs1"]').getAttribute('class')).toBe('absent');
    await page.screenshot({ path: join(ARTIFACTS, 'viz-seed-failover-t1150.png'), fullPage: true });

    await page.locator('#time').focus();
    await page.keyboard.press('ArrowRight');
    await poll(() => page.locator('#time-label').textContent()).toBe('t = 1200 ms of 2100 ms');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await poll(() => page.locator('#time-label').textContent()).toBe('t = 1100 ms of 2100 ms');
    await page.keyboard.press('End');
    await poll(() => page.locator('#participation tr[data-server="hs4"] td[data-room="!room:hs1"]').getAttribute('class')).toBe('resident');
    await page.keyboard.press('Home');
    await page.keyboard.press(' ');
    await poll(() => page.locator('#play').getAttribute('aria-pressed')).toBe('true');
    await poll(async () => Number(await page.locator('#time').inputValue())).toBeGreaterThan(0);
    await page.keyboard.press(' ');
    await poll(() => page.locator('#play').getAttribute('aria-pressed')).toBe('false');
    await page.locator('#step-forward').click();
    expect(await page.locator('#time-label').textContent()).toMatch(/^t = \d+ ms of 2100 ms$/);
  });

  it('moves through the join list with the keyboard', async () => {
    const page = await open('#scenario=examples/seed-failover&join=joiner');
    await page.locator('#join-list').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await poll(() => ladderRows(page)).toEqual(['hs1 403 M_FORBIDDEN answered']);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#ladder-table tr.attempt-row').count()).toBe(4);
    await page.keyboard.press('Escape');
    await poll(() => page.locator('#ladder-summary').textContent()).toContain('Select a join');
    expect(await page.locator('#graph-svg g.node[data-server="hs1"]').getAttribute('data-status')).toBe('200');
    expect(await page.locator('#graph-svg g.node[data-server="hs3"]').getAttribute('data-status')).toBe('M_UNABLE_TO_GRANT_JOIN');
    await poll(() => page.evaluate(() => window.location.hash)).toBe('#scenario=examples/seed-failover&overview=1&t=2100');
    await page.locator('#join-search').fill('stranger');
    await poll(() => page.locator('#join-count').textContent()).toBe('1 of 2 joins');
  });

  it('follows the join event as it reaches each resident', async () => {
    const page = await open('#scenario=examples/seed-failover&join=joiner');
    await scrubTo(page, 1350);
    await poll(() => page.locator('#knowledge li').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.server))).toEqual(['hs1']);
    expect(await page.locator('#knowledge').textContent()).toContain('m.room.member @joiner:hs4 join');
    await scrubTo(page, 1400);
    await poll(() => page.locator('#knowledge li').evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.server).sort())).toEqual(['hs1', 'hs2', 'hs3']);
  });

  it('restores the scenario, join and time from the URL fragment', async () => {
    const page = await open('#scenario=examples/seed-failover&join=stranger&t=2050');
    await poll(() => page.locator('#time-label').textContent()).toBe('t = 2050 ms of 2100 ms');
    expect(await ladderRows(page)).toEqual(['hs1 403 M_FORBIDDEN in-flight']);
    expect(await page.locator('#join-list .join-row.selected').getAttribute('data-join')).toBe('stranger');
  });
});

describe('opening files', { timeout: 120_000 }, () => {
  it('opens a report and a trace with the file picker', async () => {
    const page = await open('#scenario=examples/seed-failover');
    const { report, trace } = reportAndTrace();
    await page.locator('#file-input').setInputFiles({ name: 'run.json', mimeType: 'application/json', buffer: Buffer.from(report) });
    await poll(() => page.locator('#run-name').textContent()).toContain('loaded report');
    await poll(() => ladderRows(page)).toHaveLength(4);
    await page.locator('#file-input').setInputFiles({ name: 'run.jsonl', mimeType: 'text/plain', buffer: Buffer.from(trace) });
    await poll(() => page.locator('#run-name').textContent()).toContain('loaded trace');
    await poll(() => ladderRows(page)).toEqual(['hs2 400 M_UNABLE_TO_AUTHORISE_JOIN answered', 'hs3 400 M_UNABLE_TO_GRANT_JOIN answered', 'hs1 200 - answered', 'hs1 200 - answered']);
    expect(await matrixCount(page, 'hs1', '200')).toBe('2');
  });

  it('opens a trace dropped on the page', async () => {
    const page = await open('#scenario=examples/seed-failover');
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([text], 'dropped.jsonl', { type: 'text/plain' }));
      return transfer;
    }, reportAndTrace().trace);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await poll(() => page.locator('#run-name').textContent()).toContain('dropped · loaded trace');
    await poll(() => ladderRows(page)).toHaveLength(4);
  });

  it('shows names from files as text, never as markup', async () => {
    const page = await open('#scenario=examples/seed-failover');
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const report = JSON.parse(reportAndTrace().report) as { joins: { id: string; user: string; attempts: { server: string; reason: string }[] }[]; errcodeMatrix: Record<string, unknown> };
    const first = report.joins[0]!;
    first.id = hostile;
    first.user = `@${hostile}:hs4`;
    first.attempts[0]!.server = hostile;
    first.attempts[0]!.reason = `<script>window.__pwned=2</script>`;
    await page.locator('#file-input').setInputFiles({ name: 'hostile.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(report)) });
    await poll(() => page.locator('#ladder-table').textContent()).toContain(hostile);
    expect(await page.locator('#app img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#why-panel').textContent()).toContain('<script>window.__pwned=2</script>');
  });

  it('lists every shipped scenario for one-click loading, and shows scenario problems', async () => {
    const page = await open('#scenario=examples/seed-failover');
    const options = await page.locator('#shipped option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(options).toContain('examples/seed-failover');
    await page.locator('#file-input').setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from('fedsim: 1\nname: bad\nservers: []\nrooms: 3\n') });
    await poll(() => page.locator('#problems').textContent()).toMatch(/bad\.yaml:/);
  });
});
