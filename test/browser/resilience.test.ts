/**
 * Resilience in the built visualiser: the participation matrix marks the single
 * point of failure of the gallery's single-authorising-server scenario, and the
 * "what if this server is down" toggle under the federation graph (a server
 * picked by clicking it in the graph) re-runs the scenario and lists the joins
 * that change.
 */
import { describe, expect, it } from 'vitest';
import { poll, useBrowserSession } from './harness';

const session = useBrowserSession();

describe('resilience in the visualiser', { timeout: 120_000 }, () => {
  it('marks hsa in !lab:hsa as a single point of failure, and shows what hsa being down changes', async () => {
    const { page } = await session.openPage();
    await page.goto(session.siteUrl + '#scenario=gallery/single-authorising-server');
    await page.locator('#participation td.spof').first().waitFor();
    const marked = await page.locator('#participation td.spof').evaluateAll((cells) => cells.map((c) => `${c.closest('tr')?.getAttribute('data-server')} ${c.getAttribute('data-room')} ${c.textContent}`));
    expect(marked).toEqual(['hsa !lab:hsa ★!']);
    expect(await page.locator('#participation td.spof').getAttribute('title')).toContain('single point of failure');

    // Pick hsa by clicking it in the graph, then turn the toggle on.
    await page.locator('#graph-svg g.node[data-server="hsa"]').click();
    await poll(() => page.locator('#what-if-server').inputValue()).toBe('hsa');
    await page.locator('#what-if-toggle').click();
    await poll(() => page.locator('#what-if-toggle').getAttribute('aria-pressed')).toBe('true');
    await poll(() => page.locator('#what-if-result li.lost').allTextContents()).toContain('x1-lab: joined via hsa (@admin:hsa) → failed 502 M_UNKNOWN');
    expect(await page.locator('#graph-svg g.node.what-if-down').getAttribute('data-server')).toBe('hsa');

    // Off again: nothing re-run, no mark.
    await page.locator('#what-if-toggle').click();
    await poll(() => page.locator('#what-if-result li').count()).toBe(0);
    expect(await page.locator('#graph-svg g.node.what-if-down').count()).toBe(0);
  });
});
