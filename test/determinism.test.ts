/**
 * Determinism is a feature: one scenario and one seed give one trace, byte for
 * byte; another seed on a random network gives another.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type Scenario, type TraceEvent } from '../engine/index';

function load(file: string): Scenario {
  const result = loadScenario(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.scenario;
}

function traced(scenario: Scenario, seed?: string): { fingerprint: string; trace: string } {
  const lines: string[] = [];
  const { report } = runScenario(scenario, { ...(seed !== undefined ? { seed } : {}), onTrace: (e: TraceEvent) => void lines.push(JSON.stringify(e)) });
  return { fingerprint: report.fingerprint, trace: lines.join('\n') };
}

const RANDOM_NETWORK = `
fedsim: 1
name: random-latency
seed: 3
network:
  latency: { lognormal: { median: 80, sigma: 0.8 } }
  loss: 0.05
servers:
  - { name: hs1, users: [admin] }
  - { name: hs2, users: [mod] }
  - { name: hs3, users: [a, b, c] }
rooms:
  - id: "!space:hs1"
    creator: "@admin:hs1"
    members: { "@a:hs3": join, "@b:hs3": join, "@mod:hs2": join }
  - id: "!room:hs1"
    creator: "@admin:hs1"
    joinRule: restricted
    allow: ["!space:hs1"]
    members: { "@mod:hs2": join }
timeline:
  - { at: 10, do: join, user: "@a:hs3", room: "!room:hs1", via: [hs2, hs1] }
  - { at: 20, do: join, user: "@b:hs3", room: "!room:hs1", via: [hs1, hs2] }
  - { at: 30, do: join, user: "@c:hs3", room: "!room:hs1", via: [hs2, hs1] }
  - { at: 40, do: leave, user: "@mod:hs2", room: "!space:hs1" }
`;

describe('determinism', () => {
  it('gives the same fingerprint and trace for the same scenario and seed', () => {
    const scenario = load('scenarios/examples/seed-failover.yaml');
    const a = traced(scenario);
    const b = traced(scenario);
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.trace).toBe(b.trace);
  });

  it('gives the same fingerprint with and without a trace listener', () => {
    const scenario = load('scenarios/examples/seed-failover.yaml');
    expect(runScenario(scenario).report.fingerprint).toBe(traced(scenario).fingerprint);
  });

  it('gives another trace for another seed on a random network, and the same again for the same seed', () => {
    const result = loadScenario(RANDOM_NETWORK, 'random.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const seed3 = traced(result.scenario);
    const seed3again = traced(result.scenario, '3');
    const seed4 = traced(result.scenario, '4');
    expect(seed3again.trace).toBe(seed3.trace);
    expect(seed4.trace).not.toBe(seed3.trace);
    expect(seed4.fingerprint).not.toBe(seed3.fingerprint);
  });

  it('changes the fingerprint when what happened changes', () => {
    const scenario = load('scenarios/examples/seed-failover.yaml');
    const changed: Scenario = { ...scenario, timeline: scenario.timeline.filter((a) => a.id !== 'stranger') };
    expect(runScenario(changed).report.fingerprint).not.toBe(runScenario(scenario).report.fingerprint);
  });
});
