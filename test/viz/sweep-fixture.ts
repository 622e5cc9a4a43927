/**
 * A small sweep report as `fedsim sweep` writes it (the sweep report contract):
 * two parameters (a number and a word), three replications, with hostile text in
 * an errcode key and a parameter value, which the view must show as text.
 */
const summary = (mean: number, half: number, extra: Record<string, number> = {}) => ({ mean, sd: half / 2, ci95: [mean - half, mean + half], ...extra });

export const HOSTILE = '<img src=x onerror="window.__pwned=1">';

export function sweepFixture(): Record<string, unknown> {
  const losses = [0, 0.1, 0.2];
  const impls = ['synapse', HOSTILE];
  const points = [];
  for (const [i, loss] of losses.entries()) {
    for (const [j, impl] of impls.entries()) {
      const index = i * impls.length + j;
      const share = 1 - loss * (j + 1);
      points.push({
        index,
        values: { 'network.loss': loss, 'servers.0.implementation': impl },
        runs: 3,
        fingerprints: ['a', 'b', 'c'],
        metrics: {
          joins: summary(10, 0),
          joinedShare: summary(share, 0.05),
          timeToJoinMs: summary(200 + 1000 * loss, 20, { p50: 180, p95: 900 }),
          attemptsPerJoin: summary(1 + loss, 0.1),
          requests: summary(20 + 10 * loss, 2),
          finalStatusShare: { '200': summary(share, 0.05), '0': summary(1 - share, 0.05) },
          errcodeShare: { [HOSTILE]: summary(loss, 0.01) },
          lint: {},
        },
        perRun: [0, 1, 2].map((r) => ({ replication: r, seed: `7/${index}/${r}`, metrics: {} })),
      });
    }
  }
  return {
    fedsim: '0.2.0',
    sweepFormat: 1,
    scenario: 'fixture',
    scenarioHash: 'x',
    seed: '7',
    vary: [
      { path: 'network.loss', values: losses },
      { path: 'servers.0.implementation', values: impls },
    ],
    replications: 3,
    shard: null,
    points,
    timing: { wallMs: 1, workers: 1 },
  };
}
