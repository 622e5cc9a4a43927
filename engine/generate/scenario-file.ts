/**
 * A normalized Scenario written back as a scenario file (the contract's format),
 * so that `fedsim generate` output reads back into the same scenario. Large files
 * are produced as JSON in chunks, one server, room or timeline item per line, so a
 * million joins never has to be one string. Defaults are left out where the file
 * format restores them exactly (roomVersions, join ids `join-N`).
 */
import type { Expectation, JoinRulesContent, LatencySpec, RoomSpec, Scenario, ServerSpec, TimelineAction } from '../scenario/types';
import { ALL_ROOM_VERSIONS } from '../scenario/types';

type Raw = Record<string, unknown>;

const SHORTHAND_RULES = new Set(['public', 'invite', 'knock', 'restricted', 'knock_restricted']);

/** The whole scenario as a plain object in file format (for YAML, or small JSON). */
export function toScenarioFile(scenario: Scenario): Raw {
  const out = header(scenario);
  out.servers = scenario.servers.map(toRawServer);
  out.rooms = scenario.rooms.map(toRawRoom);
  out.timeline = rawTimeline(scenario.timeline);
  if (scenario.expect.length > 0) out.expect = scenario.expect.map(toRawExpectation);
  return out;
}

/** The scenario as JSON text, chunk by chunk; joined, it parses to toScenarioFile(scenario). */
export function* scenarioJsonChunks(scenario: Scenario): Generator<string> {
  const head = JSON.stringify(header(scenario));
  // `{"fedsim":1,...` first: the CLI recognises its own outputs by that start.
  yield head.slice(0, -1);
  yield* list('servers', scenario.servers, toRawServer);
  yield* list('rooms', scenario.rooms, toRawRoom);
  yield* list('timeline', rawTimeline(scenario.timeline), (x) => x);
  if (scenario.expect.length > 0) yield* list('expect', scenario.expect, toRawExpectation);
  yield '\n}\n';
}

function* list<T>(key: string, items: readonly T[], convert: (item: T) => unknown): Generator<string> {
  yield `,\n${JSON.stringify(key)}: [`;
  const batch: string[] = [];
  for (let i = 0; i < items.length; i++) {
    batch.push((i === 0 ? '\n' : ',\n') + JSON.stringify(convert(items[i] as T)));
    if (batch.length === 1024) yield batch.splice(0).join('');
  }
  batch.push(items.length === 0 ? ']' : '\n]');
  yield batch.join('');
}

function header(s: Scenario): Raw {
  const out: Raw = { fedsim: 1, name: s.name };
  if (s.description !== undefined) out.description = s.description;
  out.seed = s.seed;
  if (s.errcodes !== 'spec') out.errcodes = s.errcodes;
  out.network = {
    latency: toRawLatency(s.network.latency),
    loss: s.network.loss,
    ...(s.network.links.length > 0
      ? { links: s.network.links.map((l) => ({ between: l.between, ...(l.latency ? { latency: toRawLatency(l.latency) } : {}), ...(l.loss !== undefined ? { loss: l.loss } : {}) })) }
      : {}),
  };
  if (s.until !== undefined) out.until = s.until;
  if (s.profileSettings !== undefined) out.profileSettings = s.profileSettings;
  if (s.generate !== undefined) out.generate = s.generate;
  return out;
}

function toRawLatency(l: LatencySpec): Raw {
  switch (l.type) {
    case 'fixed':
      return { fixed: l.ms };
    case 'uniform':
      return { uniform: [l.min, l.max] };
    case 'lognormal':
      return { lognormal: { median: l.median, sigma: l.sigma } };
  }
}

function toRawServer(s: ServerSpec): Raw {
  const allVersions = s.roomVersions.length === ALL_ROOM_VERSIONS.length && s.roomVersions.every((v, i) => v === ALL_ROOM_VERSIONS[i]);
  return { name: s.name, implementation: s.implementation, ...(allVersions ? {} : { roomVersions: s.roomVersions }), users: s.users };
}

function toRawRoom(r: RoomSpec): Raw {
  return { id: r.id, version: r.version, creator: r.creator, ...rawJoinRules(r.joinRules), powerLevels: r.powerLevels, members: r.members };
}

/** `joinRule`/`allow` when the content is exactly what that shorthand expands to; raw `joinRules` otherwise. */
function rawJoinRules(content: JoinRulesContent): Raw {
  const keys = Object.keys(content);
  const rule = content.join_rule;
  const simple = typeof rule === 'string' && SHORTHAND_RULES.has(rule) && keys.every((k) => k === 'join_rule' || k === 'allow');
  if (simple && content.allow === undefined) return { joinRule: rule };
  if (simple && Array.isArray(content.allow)) {
    const ids: string[] = [];
    for (const entry of content.allow as unknown[]) {
      const e = entry as Raw | null;
      if (e === null || typeof e !== 'object' || Object.keys(e).length !== 2 || e.type !== 'm.room_membership' || typeof e.room_id !== 'string') {
        return { joinRules: content };
      }
      ids.push(e.room_id);
    }
    return { joinRule: rule, allow: ids };
  }
  return { joinRules: content };
}

/** Timeline items in file order (their `index`), ids written only where `join-N` would not give them back. */
function rawTimeline(actions: readonly TimelineAction[]): Raw[] {
  const inFileOrder = actions.slice().sort((a, b) => a.index - b.index);
  let joins = 0;
  return inFileOrder.map((action) => {
    const { at, do: type, index: _index, id, ...fields } = action as TimelineAction & Raw;
    const out: Raw = { at, do: type };
    const defaultId = type === 'join' ? `join-${++joins}` : undefined;
    if (id !== undefined && id !== defaultId) out.id = id;
    return Object.assign(out, fields);
  });
}

function toRawExpectation(e: Expectation): Raw {
  if (e.type === 'lint') return { lint: e.code, ...(e.room !== undefined ? { room: e.room } : {}) };
  return { join: e.join, ...e.fields, ...(e.attempts !== undefined ? { attempts: e.attempts } : {}) };
}
