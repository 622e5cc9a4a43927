/**
 * The network between servers: one-way latency per message from the scenario's
 * latency model (per-link overrides are symmetric), independent loss, and the
 * partitions in force. Every draw comes from a stream named after the directed
 * link, so links do not disturb each other's randomness; the streams are
 * counter-based (kernel/counter-random.ts), two numbers per link, because a big
 * federation has millions of links.
 *
 * Servers are numbered on first sight, and a link is found by the pair of numbers
 * in one open-addressing table, its four numbers side by side in one typed array:
 * a message costs a probe and a read instead of a map per sender, a map entry and
 * an object per link (that lookup was a seventh of a randomly-delayed run; a
 * million-join run has 1.5 million links). Between the first DENSE_SERVERS
 * servers a link is found by one read of a square table instead (a federation of
 * up to that many servers never hashes); on a lossless network without per-link
 * overrides the square table holds the link's two numbers itself, so a copy
 * reads one place in memory (at most 2048² pairs of numbers, 32 MiB, for a
 * federation that size); beyond those servers such a network keeps the two
 * numbers in a small table per sender (store/row-tables.ts), which stays in the
 * CPU's cache while the sender fans an event out (the one big table of links
 * cost three cache misses per copy in a million-join run: the key, the link
 * number, the link's numbers). The hot path, a state event fanning out,
 * passes the numbers it keeps per receiver (transitIndexed). A link's loss stream
 * is seeded on its first loss draw, so a lossless network never seeds one.
 */
import type { LatencySpec, NetworkSpec } from '../scenario/types';
import type { RandomStreams } from '../kernel/random-streams';
import { counterDraw, streamSeedOfParts } from '../kernel/counter-random';
import { assertNever } from '../kernel/invariant';
import { doubled, KeyTable, RowTables } from '../store/index';

/** What transit() returns for a lost message. */
export const LOST = -1;

/** A link's numbers in `linkFields`: its two streams' seeds and draw counts. */
const LATENCY_SEED = 0;
const LATENCY_DRAWS = 1;
const LOSS_SEED = 2;
const LOSS_DRAWS = 3;
const LINK_FIELDS = 4;
/** Link key: from * LINK_KEY_SPAN + to (exact in a double for up to 2^26 servers). */
const LINK_KEY_SPAN = 2 ** 26;
/** Servers numbered below this find their links in the square table (at most 2048² numbers, 16 MiB). */
const DENSE_SERVERS = 2048;
/** LOSS_DRAWS of a link whose loss stream is not seeded yet. */
const UNSEEDED = -1;
/** A link's numbers in the square table of a plain random network (denseFields): its latency stream's seed and draw count. */
const DENSE_FIELDS = 2;
/** The draw count in denseFields of a link not used yet (its seed not worked out). */
const UNMADE = -1;

/** What a link draws from when a `links` entry of the scenario names its two servers. */
interface LinkOverride {
  latency: LatencySpec;
  loss: number;
}

export class Network {
  private readonly indexOfName = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly linkOfKey = new KeyTable(1024);
  /** Link number + 1 by from * denseSpan + to, for servers numbered below denseSpan (0: not made yet); grows with the servers seen. */
  private denseLinks = new Int32Array(0);
  private denseSpan = 0;
  /**
   * On a lossless network without per-link overrides (the usual random network),
   * the latency stream's seed and draw count of each link between servers numbered
   * below denseSpan, in the square table itself (DENSE_FIELDS per pair, draw count
   * UNMADE until first use): a copy then reads one place in memory instead of the
   * table and then the link's fields, two likely cache misses per copy. Null otherwise.
   */
  private denseFields: Int32Array | null;
  /**
   * On the same networks, the latency stream's seed and draw count of each link
   * with a server numbered from DENSE_SERVERS on, by sender (draw count UNMADE
   * until first use). Null otherwise.
   */
  private readonly plainRows: RowTables | null;
  private linkFields = new Int32Array(1024 * LINK_FIELDS);
  private links = 0;
  /** Each link's override (index into `overrides`, -1 for the scenario's model); only kept when the scenario has overrides. */
  private linkOverride: Int32Array<ArrayBuffer> | null;
  private readonly overrides: LinkOverride[] = [];
  /** Server name to partition group; null when no partition is in force. */
  private groups: Map<string, number> | null = null;

  /**
   * The latency of every message when every link is alike, fixed and lossless
   * (the default network): such a link draws nothing, so no link needs to be
   * looked up or made. Null otherwise.
   */
  readonly uniformLatency: number | null;

  constructor(private readonly spec: NetworkSpec, private readonly streams: RandomStreams) {
    const latency = spec.latency;
    this.uniformLatency = spec.links.length === 0 && spec.loss === 0 && latency.type === 'fixed' ? Math.max(0, Math.round(latency.ms)) : null;
    this.linkOverride = spec.links.length > 0 ? new Int32Array(1024) : null;
    const plain = this.uniformLatency === null && spec.links.length === 0 && spec.loss === 0;
    this.denseFields = plain ? new Int32Array(0) : null;
    this.plainRows = plain ? new RowTables(DENSE_FIELDS, UNMADE) : null;
  }

  /** The number of server `name` (given on first sight; the same for the whole run). */
  indexOf(name: string): number {
    let index = this.indexOfName.get(name);
    if (index === undefined) {
      index = this.names.length;
      if (index >= LINK_KEY_SPAN) throw new RangeError(`more than ${LINK_KEY_SPAN} servers`);
      this.indexOfName.set(name, index);
      this.names.push(name);
    }
    return index;
  }

  /**
   * One message from `from` to `to`: LOST when it is lost, else its one-way
   * latency in whole ms.
   */
  transit(from: string, to: string): number {
    if (this.uniformLatency !== null) return this.uniformLatency;
    return this.transitIndexed(this.indexOf(from), this.indexOf(to));
  }

  /** transit() between the servers numbered `from` and `to` (indexOf). The loss and latency draws come from the link's two streams. */
  transitIndexed(from: number, to: number): number {
    if (this.uniformLatency !== null) return this.uniformLatency;
    if (this.plainRows !== null) {
      let fields: Int32Array;
      let at: number;
      if (from < DENSE_SERVERS && to < DENSE_SERVERS) {
        if (from >= this.denseSpan || to >= this.denseSpan) this.widenDense(Math.max(from, to));
        at = (from * this.denseSpan + to) * DENSE_FIELDS;
        // Read after widening, which replaces the table.
        fields = this.denseFields as Int32Array;
      } else {
        at = this.plainRows.entryOf(from, to);
        fields = this.plainRows.table(from);
      }
      if (fields[at + LATENCY_DRAWS] === UNMADE) {
        fields[at + LATENCY_SEED] = this.latencySeed(from, to);
        fields[at + LATENCY_DRAWS] = 0;
      }
      return Math.max(0, Math.round(drawLatency(this.spec.latency, fields, at)));
    }
    const link = this.link(from, to);
    const fields = this.linkFields;
    const at = link * LINK_FIELDS;
    const override = this.linkOverride === null ? -1 : (this.linkOverride[link] as number);
    const model: LinkOverride | NetworkSpec = override < 0 ? this.spec : (this.overrides[override] as LinkOverride);
    if (model.loss > 0) {
      let n = fields[at + LOSS_DRAWS] as number;
      if (n === UNSEEDED) {
        fields[at + LOSS_SEED] = streamSeedOfParts(this.streams.seed, 'loss:', this.names[from] as string, '->', this.names[to] as string);
        n = 0;
      }
      fields[at + LOSS_DRAWS] = n + 1;
      if (counterDraw(fields[at + LOSS_SEED] as number, n) < model.loss) return LOST;
    }
    return Math.max(0, Math.round(drawLatency(model.latency, fields, at)));
  }

  /** Whether a partition is in force (if not, isPartitioned is false for every pair). */
  get partitioned(): boolean {
    return this.groups !== null;
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

  /** The link from server `from` to server `to`, made on first use. */
  private link(from: number, to: number): number {
    const span = this.denseSpan;
    if (from < span && to < span) {
      const found = (this.denseLinks[from * span + to] as number) - 1;
      if (found >= 0) return found;
    } else if (from < DENSE_SERVERS && to < DENSE_SERVERS) {
      this.widenDense(Math.max(from, to));
      return this.link(from, to);
    } else {
      const found = this.linkOfKey.get(from * LINK_KEY_SPAN + to);
      if (found >= 0) return found;
    }
    const link = this.makeLink(from, to);
    if (from < this.denseSpan && to < this.denseSpan) this.denseLinks[from * this.denseSpan + to] = link + 1;
    else this.linkOfKey.insert(from * LINK_KEY_SPAN + to, link);
    return link;
  }

  /** Grows the square table to cover server number `server` (the span doubles, so this happens a few times per run). */
  private widenDense(server: number): void {
    let span = Math.max(64, this.denseSpan);
    while (span <= server) span *= 2;
    span = Math.min(span, DENSE_SERVERS);
    if (this.denseFields !== null) this.denseFields = widenedSquare(this.denseFields, this.denseSpan, span, DENSE_FIELDS, LATENCY_DRAWS, UNMADE);
    else this.denseLinks = widenedSquare(this.denseLinks, this.denseSpan, span, 1, 0, 0);
    this.denseSpan = span;
  }

  /** The seed of the latency stream of the link from server `from` to server `to` (named after the link, so no link disturbs another). */
  private latencySeed(from: number, to: number): number {
    return streamSeedOfParts(this.streams.seed, 'net:', this.names[from] as string, '->', this.names[to] as string);
  }

  /** A new link's numbers: its latency stream seeded (its loss stream waits for a first loss draw), its override found. */
  private makeLink(from: number, to: number): number {
    const link = this.links++;
    if (link * LINK_FIELDS === this.linkFields.length) this.linkFields = doubled(this.linkFields);
    const fromName = this.names[from] as string;
    const toName = this.names[to] as string;
    const at = link * LINK_FIELDS;
    this.linkFields[at + LATENCY_SEED] = this.latencySeed(from, to);
    this.linkFields[at + LOSS_DRAWS] = UNSEEDED;
    if (this.linkOverride !== null) {
      if (link === this.linkOverride.length) this.linkOverride = doubled(this.linkOverride);
      this.linkOverride[link] = this.overrideFor(fromName, toName);
    }
    return link;
  }

  /** The index in `overrides` of what the scenario's `links` set between `a` and `b`, or -1 when nothing. */
  private overrideFor(a: string, b: string): number {
    const entry = this.spec.links.find((l) => (l.between[0] === a && l.between[1] === b) || (l.between[0] === b && l.between[1] === a));
    if (entry === undefined) return -1;
    return this.overrides.push({ latency: entry.latency ?? this.spec.latency, loss: entry.loss ?? this.spec.loss }) - 1;
  }
}

/**
 * A square table of `perPair` numbers per (from, to) pair, `oldSpan` servers a
 * side, copied into one `span` a side; in the new pairs the number at `mark` is
 * `unused` (what the table says of a pair not made yet).
 */
function widenedSquare(old: Int32Array, oldSpan: number, span: number, perPair: number, mark: number, unused: number): Int32Array<ArrayBuffer> {
  const wider = new Int32Array(span * span * perPair);
  if (unused !== 0) for (let i = mark; i < wider.length; i += perPair) wider[i] = unused;
  const row = oldSpan * perPair;
  for (let from = 0; from < oldSpan; from++) wider.set(old.subarray(from * row, (from + 1) * row), from * span * perPair);
  return wider;
}

/** One latency draw from `spec` on the link whose numbers start at `at` in `fields`, advancing its counter. */
function drawLatency(spec: LatencySpec, fields: Int32Array, at: number): number {
  switch (spec.type) {
    case 'fixed':
      return spec.ms;
    case 'uniform':
      return spec.min + nextDraw(fields, at) * (spec.max - spec.min);
    case 'lognormal': {
      // Box-Muller from two draws; u away from 0 so the logarithm stays finite.
      let u = nextDraw(fields, at);
      while (u <= Number.EPSILON) u = nextDraw(fields, at);
      const v = nextDraw(fields, at);
      return spec.median * Math.exp(spec.sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
    default:
      return assertNever(spec, 'latency model');
  }
}

/** The next draw of the link's latency stream. */
function nextDraw(fields: Int32Array, at: number): number {
  const n = fields[at + LATENCY_DRAWS] as number;
  fields[at + LATENCY_DRAWS] = n + 1;
  return counterDraw(fields[at + LATENCY_SEED] as number, n);
}
