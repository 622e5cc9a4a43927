/**
 * Determinism and liveness with loss: the same random scenario and seed give the
 * same fingerprint and report; with lossy links and faults left unhealed, every
 * join still ends (a lost request or answer is a timeout, never a hang).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/run/run-scenario';
import { randomScenario } from './random-scenario';

describe('determinism and liveness (property)', () => {
  it('the same scenario and seed give the same fingerprint and report', () => {
    let lost = 0;
    for (let i = 0; i < 40; i++) {
      const scenario = randomScenario(`det-${i}`, { loss: 0.1 });
      const a = runScenario(scenario, { onTrace: (event) => void (event.type === 'dropped' && /lost/.test(event.cause) && lost++) }).report;
      const b = runScenario(scenario).report;
      expect(b.fingerprint, `det-${i}`).toBe(a.fingerprint);
      expect(JSON.stringify(b.joins), `det-${i}`).toBe(JSON.stringify(a.joins));
    }
    // The property is about runs with loss: if loss were ignored it would hold trivially.
    expect(lost).toBeGreaterThan(20);
  });

  it('with loss and faults never healed, every join still ends', () => {
    for (let i = 0; i < 80; i++) {
      const scenario = randomScenario(`loss-${i}`, { loss: 0.3, settle: false });
      const { report } = runScenario(scenario);
      for (const join of report.joins) {
        expect(['joined', 'failed'], `loss-${i} ${join.id}`).toContain(join.outcome);
        expect(join.message ?? '', `loss-${i} ${join.id}`).not.toMatch(/still under way/);
      }
    }
  });
});
