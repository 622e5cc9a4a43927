/**
 * The sweep view in the built visualiser: a real sweep.json (made here by
 * `fedsim sweep`) opened with the file picker shows each metric against a
 * parameter with its 95% band and a heat map over the two parameters; hovering a
 * point shows its values and interval; clicking it simulates one of its runs in
 * the page, with the fingerprint sweep.json lists. Text from the file stays text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNumber } from '../../viz/sweep/series';
import { runCli, scratchDir } from '../cli/helpers';
import { HOSTILE, sweepFixture } from '../viz/sweep-fixture';
import { ARTIFACTS, poll, useBrowserSession } from './harness';

const session = useBrowserSession();

interface PointJson {
  index: number;
  values: Record<string, unknown>;
  fingerprints: string[];
  metrics: Record<string, { mean: number; ci95: [number, number] }>;
}

let sweepText = '';
let points: PointJson[] = [];

beforeAll(async () => {
  const out = join(scratchDir(), 'sweep');
  const made = await runCli(
    'sweep', 'scenarios/generated/misconfigured-spaces.yaml',
    '--vary', 'generate.misconfig.allowWithoutAuthoriser=0,0.25,0.5', '--vary', 'network.loss=0,0.1',
    '--replications', '4', '--workers', '2', '--out', out,
  );
  expect(made.code, made.stderr).toBe(0);
  sweepText = readFileSync(join(out, 'sweep.json'), 'utf8');
  points = (JSON.parse(sweepText) as { points: PointJson[] }).points;
}, 120_000);

async function openSweep(text: string, name = 'sweep.json'): Promise<Page> {
  const { page } = await session.openPage(1400, 1000);
  await page.goto(session.siteUrl + '#scenario=examples/seed-failover');
  await page.locator('#ladder-table tr.attempt-row').first().waitFor();
  await page.locator('#file-input').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });
  await page.locator('#sweep-panel').waitFor();
  return page;
}

describe('the sweep view', { timeout: 120_000 }, () => {
  it('draws each point with its band, a line per value of the second parameter, and a heat map', async () => {
    const page = await openSweep(sweepText);
    expect(await page.locator('#sweep-title').textContent()).toBe('Sweep: generated-misconfigured-spaces');
    expect(await page.locator('#sweep-line-chart .series').evaluateAll((g) => g.map((e) => (e as SVGGElement).dataset.group))).toEqual(['0', '0.1']);
    expect(await page.locator('#sweep-line-chart .band').count()).toBe(2);
    for (const d of await page.locator('#sweep-line-chart .band').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(await page.locator('#sweep-line-chart .sweep-dot').count()).toBe(6);
    // Each heat-map cell is labelled with its point's mean share of joins that joined.
    const cells = await page.locator('#sweep-heat-map .sweep-cell').evaluateAll((rects) => rects.map((r) => Number((r as SVGRectElement).dataset.point)));
    expect(cells.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await page.locator('#sweep-heat-map .cell-label').allTextContents()).toEqual(points.map((p) => formatNumber(p.metrics.joinedShare!.mean)));
    await page.screenshot({ path: join(ARTIFACTS, 'viz-sweep.png'), fullPage: true });
  });

  it('shows a point’s values and 95% interval on hover, and simulates one of its runs on click', async () => {
    const page = await openSweep(sweepText);
    const point = points[3]!;
    const share = point.metrics.joinedShare!;
    await page.locator('#sweep-line-chart .sweep-dot[data-point="3"]').hover();
    const tooltip = page.locator('#sweep-tooltip');
    await poll(() => tooltip.isVisible()).toBe(true);
    const shown = (await tooltip.locator('div').allTextContents()).join('\n');
    expect(shown).toContain(`generate.misconfig.allowWithoutAuthoriser = ${point.values['generate.misconfig.allowWithoutAuthoriser']}`);
    expect(shown).toContain(`network.loss = ${point.values['network.loss']}`);
    expect(shown).toContain(`share of joins that joined: ${formatNumber(share.mean)}`);
    expect(shown).toContain(`95% interval ${formatNumber(share.ci95[0])} – ${formatNumber(share.ci95[1])}`);
    if (process.env.FEDSIM_UPDATE_DOCS) {
      // For the README: a point on the left hovered, so its card leaves the legend in view.
      await page.locator('#sweep-line-chart .sweep-dot[data-point="1"]').hover();
      await page.screenshot({ path: join(ARTIFACTS, '..', 'docs', 'sweep-view.png'), clip: { x: 0, y: 110, width: 1400, height: 560 } });
    }

    await page.locator('#sweep-line-chart .sweep-dot[data-point="3"]').click();
    await poll(() => page.locator('#run-name').textContent()).toContain('generated-misconfigured-spaces · point 3 run 0');
    await poll(() => page.locator('#sweep-opened').textContent()).toBe(
      `Showing run 0 of point 3 below (seed 3/3/0): fingerprint ${point.fingerprints[0]}, the same as in sweep.json.`,
    );
    // Another replication from the point's list of runs.
    await page.locator('#sweep-details button[data-replication="2"]').click();
    await poll(() => page.locator('#sweep-opened').textContent()).toContain(`(seed 3/3/2): fingerprint ${point.fingerprints[2]}, the same as in sweep.json.`);
    expect(await page.locator('#sweep-panel').isVisible()).toBe(true);
  });

  it('switches the metric and the axes', async () => {
    const page = await openSweep(sweepText);
    await page.locator('#sweep-metric').selectOption('timeToJoinMs');
    expect(await page.locator('#sweep-line-chart .axis-label').allTextContents()).toEqual(['generate.misconfig.allowWithoutAuthoriser', 'time to join (ms)']);
    await page.locator('#sweep-x').selectOption('network.loss');
    expect(await page.locator('#sweep-line-chart .series').count()).toBe(3);
    expect(await page.locator('#sweep-line-chart .sweep-dot').count()).toBe(6);
  });

  it('shows a sweep that varies nothing as one point with its interval', async () => {
    const out = join(scratchDir(), 'plain');
    const made = await runCli('sweep', 'scenarios/examples/seed-failover.yaml', '--replications', '3', '--workers', '1', '--out', out);
    expect(made.code, made.stderr).toBe(0);
    const page = await openSweep(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(await page.locator('#sweep-line-chart .sweep-dot').count()).toBe(1);
    expect(await page.locator('#sweep-line-chart .x-axis').textContent()).toBe('all runs');
    expect(await page.locator('#sweep-heat').isHidden()).toBe(true);
  });

  it('shows text from the file as text, never as markup', async () => {
    const page = await openSweep(JSON.stringify(sweepFixture()), 'hostile.json');
    await poll(() => page.locator('#sweep-line-chart .series-legend').textContent()).toContain(HOSTILE);
    expect(await page.locator('#sweep-heat-map .y-axis').textContent()).toContain(HOSTILE);
    expect(await page.locator('#sweep-metric option').allTextContents()).toContain(`share of answers with errcode ${HOSTILE}`);
    expect(await page.locator('#sweep-panel img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
