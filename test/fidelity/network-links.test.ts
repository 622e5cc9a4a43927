/**
 * A link's latency draws do not depend on where its numbers are kept: the square
 * table of a plain random network, the link table of a network with per-link
 * overrides, or the per-sender tables past the square table's servers. Every path must
 * give each directed link the same stream, draw after draw.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { Network } from '../../engine/federation/network';
import { RandomStreams } from '../../engine/kernel/random-streams';
import type { NetworkSpec } from '../../engine/scenario/types';

const LATENCY = { type: 'lognormal', median: 60, sigma: 0.5 } as const;

function draws(spec: NetworkSpec, servers: number, pairs: [number, number][]): number[] {
  const network = new Network(spec, new RandomStreams('links-test'));
  for (let i = 0; i < servers; i++) network.indexOf(`hs${i}.example`);
  return pairs.map(([from, to]) => network.transitIndexed(from, to));
}

describe('network links', () => {
  it('draw the same latencies from the square table, the link table and the per-sender tables', () => {
    const random = seedrandom.alea('pairs');
    const servers = 2100; // past the square table's 2048, so some links are kept in per-sender tables
    const pairs: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      // Mostly a few busy links (many draws each), some anywhere.
      const wide = random() < 0.3;
      const from = Math.floor(random() * (wide ? servers : 40));
      const to = Math.floor(random() * (wide ? servers : 40));
      if (from !== to) pairs.push([from, to]);
    }
    const plain = draws({ latency: LATENCY, loss: 0, links: [] }, servers, pairs);
    // An override between two servers no pair uses: every link takes the link-table path.
    const withOverride = draws({ latency: LATENCY, loss: 0, links: [{ between: ['nowhere-a', 'nowhere-b'], latency: { type: 'fixed', ms: 1 } }] }, servers, pairs);
    expect(withOverride).toEqual(plain);
    expect(new Set(plain).size).toBeGreaterThan(100);
  });

  it('keeps the links of a sender past the square table apart, whatever their receivers', () => {
    // A few senders numbered past 2048, each sending to receivers on both sides of
    // that line (some with the same low bits), interleaved: each link its own stream.
    const random = seedrandom.alea('past the square');
    const servers = 4200;
    const pairs: [number, number][] = [];
    for (let i = 0; i < 6000; i++) {
      const from = 2048 + (i % 3) * 1000;
      const to = Math.floor(random() * servers);
      if (from !== to) pairs.push([from, to]);
    }
    const plain = draws({ latency: LATENCY, loss: 0, links: [] }, servers, pairs);
    const withOverride = draws({ latency: LATENCY, loss: 0, links: [{ between: ['nowhere-a', 'nowhere-b'], latency: { type: 'fixed', ms: 1 } }] }, servers, pairs);
    expect(withOverride).toEqual(plain);
  });

  it('gives one link the same draws whether its servers were numbered early or late', () => {
    const spec: NetworkSpec = { latency: LATENCY, loss: 0, links: [] };
    const early = new Network(spec, new RandomStreams('links-test'));
    const a = early.indexOf('a.example');
    const b = early.indexOf('b.example');
    const late = new Network(spec, new RandomStreams('links-test'));
    for (let i = 0; i < 3000; i++) late.indexOf(`filler${i}`);
    const la = late.indexOf('a.example');
    const lb = late.indexOf('b.example');
    const first = Array.from({ length: 50 }, () => early.transitIndexed(a, b));
    const second = Array.from({ length: 50 }, () => late.transitIndexed(la, lb));
    expect(second).toEqual(first);
  });
});
