/**
 * The network between servers: one-way latency per message from the scenario's
 * latency model (per-link overrides are symmetric), independent loss, and the
 * partitions in force. Every draw comes from a stream named after the directed
 * link, so links do not disturb each other's randomness; the streams are
 * counter-based (kernel/counter-random.ts), two numbers per link, because a big
 * federation has millions of links.
 */
import type { LatencySpec, NetworkSpec } from '../scenario/types';
import type { RandomStreams } from '../kernel/random-streams';
import { counterDraw, streamSeed } from '../kernel/counter-random';
import { assertNever } from '../kernel/invariant';

/** What transit() returns for a lost message. */
export const LOST = -1;

interface LinkModel {
  latency: LatencySpec;
  loss: number;
  latencySeed: number;
  latencyDraws: number;
  lossSeed: number;
  lossDraws: number;
}

export class Network {
  private readonly byFrom = new Map<string, Map<string, LinkModel>>();
  private lastFrom: string | null = null;
  private lastRow: Map<string, LinkModel> | null = null;
  /** Server name to partition group; null when no partition is in force. */
  private groups: Map<string, number> | null = null;

  /**
   * The latency of every message when every link is alike, fixed and lossless
   * (the default network): such a link draws nothing, so no link needs to be
   * looked up or made. Null otherwise.
   */
  private readonly uniformLatency: number | null;

  constructor(private readonly spec: NetworkSpec, private readonly streams: RandomStreams) {
    const latency = spec.latency;
    this.uniformLatency = spec.links.length === 0 && spec.loss === 0 && latency.type === 'fixed' ? Math.max(0, Math.round(latency.ms)) : null;
  }

  /**
   * One message from `from` to `to`: LOST when it is lost, else its one-way
   * latency in whole ms. One link lookup for both draws (the loss draw and the
   * latency draw come from the link's two streams, so their order is immaterial).
   */
  transit(from: string, to: string): number {
    if (this.uniformLatency !== null) return this.uniformLatency;
    const link = this.link(from, to);
    if (link.loss > 0 && counterDraw(link.lossSeed, link.lossDraws++) < link.loss) return LOST;
    return Math.max(0, Math.round(drawLatency(link)));
  }

  /** Whether a partition keeps `a` and `b` apart. */
  isPartitioned(a: string, b: string): boolean {
    if (this.groups === null) return false;
    const ga = this.groups.get(a);
    const gb = this.groups.get(b);
    // A server named in no group is cut off from everyone while a partition holds.
    return ga === undefined || gb === undefined || ga !== gb;
  }

  partition(groups: string[][]): void {
    this.groups = new Map();
    groups.forEach((members, index) => members.forEach((server) => this.groups?.set(server, index)));
  }

  heal(): void {
    this.groups = null;
  }

  private link(from: string, to: string): LinkModel {
    // Two-level lookup by the names themselves: no "from->to" string is built per
    // message. A state event goes from one sender to many receivers in a row, so
    // the sender's row is kept from the last lookup.
    let row = from === this.lastFrom ? this.lastRow : this.byFrom.get(from);
    if (!row) this.byFrom.set(from, (row = new Map()));
    this.lastFrom = from;
    this.lastRow = row;
    let link = row.get(to);
    if (!link) {
      const key = `${from}->${to}`;
      const override = this.spec.links.find(
        (l) => (l.between[0] === from && l.between[1] === to) || (l.between[0] === to && l.between[1] === from),
      );
      link = {
        latency: override?.latency ?? this.spec.latency,
        loss: override?.loss ?? this.spec.loss,
        latencySeed: streamSeed(this.streams.seed, `net:${key}`),
        latencyDraws: 0,
        lossSeed: streamSeed(this.streams.seed, `loss:${key}`),
        lossDraws: 0,
      };
      row.set(to, link);
    }
    return link;
  }
}

/** One latency draw on `link`, advancing its counter. */
function drawLatency(link: LinkModel): number {
  const spec = link.latency;
  switch (spec.type) {
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return spec.min + counterDraw(link.latencySeed, link.latencyDraws++) * (spec.max - spec.min);
    case 'lognormal': {
      // Box-Muller from two draws; u away from 0 so the logarithm stays finite.
      let u = counterDraw(link.latencySeed, link.latencyDraws++);
      while (u <= Number.EPSILON) u = counterDraw(link.latencySeed, link.latencyDraws++);
      const v = counterDraw(link.latencySeed, link.latencyDraws++);
      return spec.median * Math.exp(spec.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    default:
      return assertNever(spec, 'latency model');
  }
}
