import { describe, expect, it } from 'vitest';
import { loadScenario, runScenario, type TraceEvent } from '../../engine/index';
import { loadInput } from '../../viz/model/load-input';
import { formatHash, parseHash, isSafeRelativePath } from '../../viz/model/url-state';
import { layoutGraph } from '../../viz/model/graph-layout';
import { SEED_FAILOVER_TEXT, seedFailover } from './fixtures';

function cliRun(): { report: unknown; trace: TraceEvent[] } {
  const loaded = loadScenario(SEED_FAILOVER_TEXT, 'seed-failover.yaml');
  if (!loaded.ok) throw new Error('bad example');
  const trace: TraceEvent[] = [];
  const { report } = runScenario(loaded.scenario, { onTrace: (e) => trace.push(e) });
  return { report, trace };
}

describe('loading files', () => {
  it('simulates a scenario to the same report as the engine gives the CLI', () => {
    expect(seedFailover().report.fingerprint).toBe((cliRun().report as { fingerprint: string }).fingerprint);
  });

  it('opens a report as a report', () => {
    const outcome = loadInput(JSON.stringify(cliRun().report), 'run.json');
    expect(outcome.ok && outcome.dataset.source).toBe('report');
  });

  it('opens a sparse hand-made report without breaking', () => {
    const sparse = { fedsim: 1, joins: [{ id: 'j', user: '@u:hs9', room: '!r:hs1', attempts: [{ server: 'hs1', step: 'make_join', at: 10, status: 403, errcode: 'M_FORBIDDEN' }] }], errcodeMatrix: {} };
    const outcome = loadInput(JSON.stringify(sparse), 'sparse.json');
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    expect(outcome.dataset.report.endedAt).toBe(10);
    expect(outcome.dataset.report.lint).toEqual([]);
    expect(outcome.dataset.report.joins[0]).toMatchObject({ at: 0, finishedAt: 10, outcome: 'failed' });
  });

  it('opens a trace and rebuilds the joins and their attempts from it', () => {
    const text = cliRun().trace.map((e) => JSON.stringify(e)).join('\n') + '\n';
    const outcome = loadInput(text, 'run.jsonl');
    if (!outcome.ok) throw new Error(outcome.problems.join('\n'));
    const joins = outcome.dataset.report.joins;
    expect(joins.map((j) => [j.id, j.outcome])).toEqual([
      ['joiner', 'joined'],
      ['stranger', 'failed'],
    ]);
    expect(joins[0]!.attempts.map((a) => `${a.server} ${a.status} ${a.errcode}`)).toEqual(['hs2 400 M_UNABLE_TO_AUTHORISE_JOIN', 'hs3 400 M_UNABLE_TO_GRANT_JOIN', 'hs1 200 null', 'hs1 200 null']);
    expect(outcome.dataset.report.errcodeMatrix).toEqual(seedFailover().report.errcodeMatrix);
  });

  it('reports scenario problems as file:path: message lines', () => {
    const outcome = loadInput('fedsim: 1\nname: x\nservers: []\nrooms: 3\n', 'bad.yaml');
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems[0]).toMatch(/^bad\.yaml:/);
  });
});

describe('URL fragment', () => {
  it('round-trips scenario, join and time', () => {
    const hash = formatHash({ scenario: 'examples/seed-failover', load: null, join: 'joiner', t: 1200 });
    expect(hash).toBe('#scenario=examples/seed-failover&join=joiner&t=1200');
    expect(parseHash(hash)).toEqual({ scenario: 'examples/seed-failover', load: null, join: 'joiner', t: 1200 });
  });

  it('never loads from another host', () => {
    for (const path of ['https://evil.example/x.json', '//evil.example/x', '/etc/passwd', '../secret', 'a/../../b']) expect(isSafeRelativePath(path)).toBe(false);
    expect(isSafeRelativePath('loaded/run.json')).toBe(true);
    expect(parseHash('#load=https://evil.example/x.json').load).toBeNull();
  });
});

describe('graph layout', () => {
  it('is the same every time', () => {
    const a = layoutGraph(seedFailover());
    const b = layoutGraph(seedFailover());
    expect(a.kind).toBe('force');
    expect(a.nodes.map((n) => [n.id, n.x.toFixed(3), n.y.toFixed(3)])).toEqual(b.nodes.map((n) => [n.id, n.x.toFixed(3), n.y.toFixed(3)]));
  });
});
