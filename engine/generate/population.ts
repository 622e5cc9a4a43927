/**
 * Builds a federation from GenerateOptions: servers with Zipf-distributed user
 * counts (server 1 is the biggest), spaces and rooms with bounded-Pareto sizes,
 * restricted rooms allowing their space, deliberate misconfigurations at the given
 * rates, and a Poisson stream of joins that favour big rooms. Every draw comes from
 * a named stream of the generator's seed, so the same options give the same
 * federation, byte for byte.
 */
import { serverOf } from '../matrix/ids';
import { roomVersion } from '../matrix/room-versions';
import { RandomStreams, type RandomStream } from '../kernel/random-streams';
import type { ImplementationName, JoinRulesContent, Membership, PowerLevelsContent, RoomSpec, ServerSpec } from '../scenario/types';
import { ALL_ROOM_VERSIONS } from '../scenario/types';
import { apportion, boundedPareto, WeightedPicker, zipfWeights } from './distributions';
import type { GenerateOptions } from './options';

/** One generated join, before it becomes a timeline action. */
export interface GeneratedJoin {
  at: number;
  user: string;
  room: string;
  via: string[];
}

/** What the generator made, in the engine's normalized shapes. */
export interface GeneratedFederation {
  servers: ServerSpec[];
  rooms: RoomSpec[];
  joins: GeneratedJoin[];
  /** How many rooms got each deliberate misconfiguration (for summaries and tests). */
  misconfigured: { allowWithoutAuthoriser: string[]; nobodyCanInvite: string[]; typoAllow: string[] };
}

/** Draws of distinct members give up after this many tries per member (tiny federations). */
const MAX_TRIES_PER_MEMBER = 8;
/** Share of a space room's members drawn from its space (the rest from anywhere). */
const FROM_SPACE = 0.8;

interface Population {
  userIds: string[];
  /** Server index of each user. */
  userServer: Int32Array;
  serverNames: string[];
}

interface DraftRoom {
  spec: RoomSpec;
  /** Initial members as user indices, creator first. */
  members: Int32Array;
  restricted: boolean;
  /** Allowed rooms that exist (draft indices), for choosing joiners who pass. */
  allowedDrafts: number[];
}

export function generateFederation(o: GenerateOptions): GeneratedFederation {
  const streams = new RandomStreams(o.seed);
  const { servers, population } = makeServers(o, streams.stream('gen:servers'));
  const misconfigured: GeneratedFederation['misconfigured'] = { allowWithoutAuthoriser: [], nobodyCanInvite: [], typoAllow: [] };
  const drafts = makeRooms(o, population, streams, misconfigured);
  const joins = makeJoins(o, population, drafts, streams.stream('gen:joins'));
  return { servers, rooms: drafts.map((d) => d.spec), joins, misconfigured };
}

function makeServers(o: GenerateOptions, random: RandomStream): { servers: ServerSpec[]; population: Population } {
  const counts = apportion(o.users, zipfWeights(o.servers, o.serverSkew), 1);
  const mix = Object.entries(o.mix).filter(([, share]) => (share ?? 0) > 0) as [ImplementationName, number][];
  const mixPicker = new WeightedPicker(mix.map(([, share]) => share));
  const servers: ServerSpec[] = [];
  const userIds: string[] = [];
  const userServer = new Int32Array(o.users);
  const serverNames: string[] = [];
  for (let s = 0; s < o.servers; s++) {
    const name = `s${s + 1}`;
    serverNames.push(name);
    const implementation = mix.length === 1 ? (mix[0] as [ImplementationName, number])[0] : (mix[mixPicker.pick(random)] as [ImplementationName, number])[0];
    const users: string[] = [];
    for (let u = 0; u < (counts[s] as number); u++) {
      users.push(`u${u + 1}`);
      userServer[userIds.length] = s;
      userIds.push(`@u${u + 1}:${name}`);
    }
    servers.push({ name, implementation, roomVersions: [...ALL_ROOM_VERSIONS], users });
  }
  return { servers, population: { userIds, userServer, serverNames } };
}

function makeRooms(
  o: GenerateOptions,
  pop: Population,
  streams: RandomStreams,
  misconfigured: GeneratedFederation['misconfigured'],
): DraftRoom[] {
  const sizeRandom = streams.stream('gen:sizes');
  const memberRandom = streams.stream('gen:members');
  const shapeRandom = streams.stream('gen:rooms');
  const faultRandom = streams.stream('gen:misconfig');
  const drafts: DraftRoom[] = [];
  const roomIds = new Set<string>();
  const anyone = (): number => Math.floor(memberRandom() * pop.userIds.length);

  for (let k = 0; k < o.spaces; k++) {
    const size = boundedPareto(sizeRandom, o.roomSkew, o.minRoomSize, o.maxRoomSize);
    const members = drawMembers(size, anyone(), anyone);
    drafts.push(buildDraft(o, pop, `sp${k + 1}`, members, publicRules(), plainPowerLevels(o, pop, members, shapeRandom), false, []));
    roomIds.add((drafts[k] as DraftRoom).spec.id);
  }
  const spacePicker = new WeightedPicker(drafts.map((d) => d.members.length));
  // Servers resident in each space, to place rooms whose allowed space has no authoriser.
  const spaceResidents = drafts.map((d) => new Set(Array.from(d.members, (u) => pop.userServer[u] as number)));

  for (let k = 0; k < o.rooms; k++) {
    const size = boundedPareto(sizeRandom, o.roomSkew, o.minRoomSize, o.maxRoomSize);
    const inSpace = o.spaces > 0 && shapeRandom() < o.inSpace;
    const parent = inSpace ? spacePicker.pick(shapeRandom) : -1;
    const restricted = inSpace && shapeRandom() < o.restricted;
    let fault: keyof GeneratedFederation['misconfigured'] | null = null;
    if (restricted) {
      const u = faultRandom();
      const m = o.misconfig;
      if (u < m.allowWithoutAuthoriser) fault = 'allowWithoutAuthoriser';
      else if (u < m.allowWithoutAuthoriser + m.nobodyCanInvite) fault = 'nobodyCanInvite';
      else if (u < m.allowWithoutAuthoriser + m.nobodyCanInvite + m.typoAllow) fault = 'typoAllow';
    }
    const spaceMembers = parent >= 0 ? (drafts[parent] as DraftRoom).members : null;
    const fromSpace = (): number =>
      spaceMembers !== null && memberRandom() < FROM_SPACE ? (spaceMembers[Math.floor(memberRandom() * spaceMembers.length)] as number) : anyone();
    let creator = fromSpace();
    if (fault === 'allowWithoutAuthoriser') {
      // The only authoriser is the creator; put them on a server outside the space.
      const outside = spaceResidents[parent] as Set<number>;
      creator = -1;
      for (let tries = 0; tries < 64 && creator < 0; tries++) {
        const candidate = anyone();
        if (!outside.has(pop.userServer[candidate] as number)) creator = candidate;
      }
      if (creator < 0) {
        fault = null; // every server is in the space: this fault cannot be built here
        creator = fromSpace();
      }
    }
    const members = drawMembers(size, creator, fromSpace);
    let allowed: number[] = [];
    let rules = publicRules();
    let power: PowerLevelsContent;
    if (restricted) {
      allowed = pickAllowed(o.allowRooms, parent, spacePicker, shapeRandom);
      const allowIds = allowed.map((d) => (drafts[d] as DraftRoom).spec.id);
      if (fault === 'typoAllow') allowIds[allowIds.length - 1] = typo(allowIds[allowIds.length - 1] as string, roomIds);
      rules = { join_rule: 'restricted', allow: allowIds.map((id) => ({ type: 'm.room_membership', room_id: id })) };
      if (fault === 'typoAllow') allowed = allowed.slice(0, -1);
    }
    if (fault === 'allowWithoutAuthoriser') power = { invite: Math.max(50, o.inviteLevel), users: { [pop.userIds[creator] as string]: 100 } };
    else if (fault === 'nobodyCanInvite') power = { invite: 100, users: { [pop.userIds[creator] as string]: 50 } };
    else {
      power = plainPowerLevels(o, pop, members, shapeRandom);
      if (restricted) power.invite = o.inviteLevel;
    }
    const draft = buildDraft(o, pop, `r${k + 1}`, members, rules, power, restricted, allowed);
    if (fault !== null) misconfigured[fault].push(draft.spec.id);
    roomIds.add(draft.spec.id);
    drafts.push(draft);
  }
  return drafts;
}

/** `size` distinct users, `first` first; fewer when the federation has too few users to draw from. */
function drawMembers(size: number, first: number, draw: () => number): Int32Array {
  const seen = new Set<number>([first]);
  const out = [first];
  for (let tries = 0; out.length < size && tries < size * MAX_TRIES_PER_MEMBER; tries++) {
    const u = draw();
    if (!seen.has(u)) {
      seen.add(u);
      out.push(u);
    }
  }
  return Int32Array.from(out);
}

function pickAllowed(count: number, parent: number, spaces: WeightedPicker, random: RandomStream): number[] {
  const allowed = [parent];
  for (let tries = 0; allowed.length < Math.min(count, spaces.size) && tries < count * MAX_TRIES_PER_MEMBER; tries++) {
    const s = spaces.pick(random);
    if (!allowed.includes(s)) allowed.push(s);
  }
  return allowed;
}

function publicRules(): JoinRulesContent {
  return { join_rule: 'public' };
}

/** Creator 100, a `moderators` share of the other members 50, spec defaults otherwise. */
function plainPowerLevels(o: GenerateOptions, pop: Population, members: Int32Array, random: RandomStream): PowerLevelsContent {
  const users: Record<string, number> = { [pop.userIds[members[0] as number] as string]: 100 };
  for (let i = 1; i < members.length; i++) if (random() < o.moderators) users[pop.userIds[members[i] as number] as string] = 50;
  return { users };
}

function buildDraft(
  o: GenerateOptions,
  pop: Population,
  local: string,
  members: Int32Array,
  joinRules: JoinRulesContent,
  powerLevels: PowerLevelsContent,
  restricted: boolean,
  allowedDrafts: number[],
): DraftRoom {
  const creator = pop.userIds[members[0] as number] as string;
  const server = pop.serverNames[pop.userServer[members[0] as number] as number] as string;
  const memberMap: Record<string, Membership> = {};
  for (const u of members) memberMap[pop.userIds[u] as string] = 'join';
  // From room version 12 a room ID is its create event's hash, with no server part.
  const id = roomVersion(o.roomVersion).roomIdsWithoutServer ? `!${hashLikeId(local)}` : `!${local}:${server}`;
  const spec: RoomSpec = { id, version: o.roomVersion, creator, joinRules, powerLevels, members: memberMap };
  return { spec, members, restricted, allowedDrafts };
}

const URL_SAFE_BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A stand-in for a v12 room ID: 43 URL-safe base64 characters, as the unpadded
 * SHA-256 of a create event has. It starts with the local name and '_' (which no
 * local name holds), so it is unique; the rest is filled from a hash of the name,
 * so it looks like a real one. Deterministic, and no crypto in the pure engine.
 */
function hashLikeId(local: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < local.length; i++) h = Math.imul(h ^ local.charCodeAt(i), 0x01000193) >>> 0;
  let out = `${local}_`;
  while (out.length < 43) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    out += URL_SAFE_BASE64[h & 63];
  }
  return out.slice(0, 43);
}

/** A plausible mistyping of a room ID that names no room: two characters of the local part swapped, or one doubled. */
function typo(roomId: string, taken: ReadonlySet<string>): string {
  // A v12 room ID has no server part: the whole hash is the local part.
  const colon = roomId.indexOf(':') < 0 ? roomId.length : roomId.indexOf(':');
  const local = roomId.slice(1, colon);
  const server = roomId.slice(colon);
  const candidates: string[] = [];
  if (local.length >= 2) candidates.push(local.slice(0, -2) + local.slice(-1) + local.slice(-2, -1));
  candidates.push(local + local.slice(-1));
  candidates.push(local.toUpperCase());
  for (const c of candidates) if (`!${c}${server}` !== roomId && !taken.has(`!${c}${server}`)) return `!${c}${server}`;
  return `!${local}-typo${server}`;
}

function makeJoins(o: GenerateOptions, pop: Population, drafts: DraftRoom[], random: RandomStream): GeneratedJoin[] {
  const joins: GeneratedJoin[] = [];
  if (drafts.length === 0) return joins;
  const picker = new WeightedPicker(drafts.map((d) => d.members.length));
  const vias: (string[] | undefined)[] = new Array(drafts.length);
  let t = o.start;
  const meanGapMs = 1000 / o.rate;
  for (let j = 0; j < o.joins; j++) {
    if (j > 0) t += -Math.log(1 - random()) * meanGapMs;
    const r = picker.pick(random);
    const draft = drafts[r] as DraftRoom;
    let user: number;
    if (draft.restricted && draft.allowedDrafts.length > 0 && random() >= o.outsiders) {
      const from = (drafts[draft.allowedDrafts[Math.floor(random() * draft.allowedDrafts.length)] as number] as DraftRoom).members;
      user = from[Math.floor(random() * from.length)] as number;
    } else {
      user = Math.floor(random() * pop.userIds.length);
    }
    const via = (vias[r] ??= viaList(o.via, draft, pop));
    joins.push({ at: Math.floor(t), user: pop.userIds[user] as string, room: draft.spec.id, via });
  }
  return joins;
}

/** The room's own server (its creator's, also for a v12 room ID without one), then the residents with most members at t = 0 (as clients pick `via`), name order for ties. */
function viaList(count: number, draft: DraftRoom, pop: Population): string[] {
  const perServer = new Map<string, number>();
  for (const u of draft.members) {
    const name = pop.serverNames[pop.userServer[u] as number] as string;
    perServer.set(name, (perServer.get(name) ?? 0) + 1);
  }
  const own = serverOf(draft.spec.creator);
  const others = [...perServer.entries()]
    .filter(([name]) => name !== own)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([name]) => name);
  return [own, ...others].slice(0, count);
}
