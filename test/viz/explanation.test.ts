import { describe, expect, it } from 'vitest';
import { explainJoins, loadScenario } from '../../engine/index';
import { explanationText } from '../../viz/model/explanation';
import { SEED_FAILOVER_TEXT } from './fixtures';

describe('explanation text for the why panel', () => {
  it('is nothing when the join has no explanation', () => {
    expect(explanationText(undefined)).toBeNull();
    expect(explanationText(null)).toBeNull();
  });

  it('shows a string as it is and anything unknown as JSON text', () => {
    expect(explanationText('hs2 takes no part in the space')).toEqual({ summary: ['hs2 takes no part in the space'], attempts: [], fixes: [] });
    expect(explanationText({ weird: '<b>x</b>' })?.summary[0]).toContain('"weird": "<b>x</b>"');
  });

  it('turns an engine explanation into its summary, per-attempt changes and fixes', () => {
    const loaded = loadScenario(SEED_FAILOVER_TEXT, 'seed-failover.yaml');
    if (!loaded.ok) throw new Error('bad example');
    const explanation = explainJoins(loaded.scenario, { joins: ['stranger'] }).explanations[0];
    const text = explanationText(explanation);
    expect(text?.summary[0]).toBe(explanation?.summary);
    expect(text?.attempts.every((line) => line.startsWith('hs1 (make_join): '))).toBe(true);
    if (explanation?.fix) expect(text?.fixes[0]).toContain(explanation.fix.description);
  });
});
