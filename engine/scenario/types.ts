/**
 * The scenario, as the engine uses it after validation: the contract of
 * ../shared/contract/scenario-format.md with every default filled in and every
 * shorthand expanded. Raw files are checked and turned into this by validate.ts.
 */

import type { ServerAclContent } from '../matrix/server-acl';
export type { ServerAclContent };

export type ImplementationName = 'synapse' | 'synapse-1.77' | 'dendrite' | 'conduwuit' | 'tuwunel' | 'spec';
export const IMPLEMENTATION_NAMES: readonly ImplementationName[] = [
  'synapse',
  'synapse-1.77',
  'dendrite',
  'conduwuit',
  'tuwunel',
  'spec',
];

export type ErrcodeDialect = 'spec' | 'msc3083-draft';

export type Membership = 'join' | 'invite' | 'leave' | 'ban' | 'knock';

/** Raw `m.room.join_rules` content. Kept unparsed: malformed allow lists are part of what we model. */
export interface JoinRulesContent {
  join_rule?: unknown;
  allow?: unknown;
  [key: string]: unknown;
}

/** Raw `m.room.power_levels` content; fields left out take spec defaults when read. */
export interface PowerLevelsContent {
  ban?: number;
  invite?: number;
  kick?: number;
  redact?: number;
  state_default?: number;
  events_default?: number;
  users_default?: number;
  events?: Record<string, number>;
  users?: Record<string, number>;
  [key: string]: unknown;
}

export type LatencySpec =
  | { type: 'fixed'; ms: number }
  | { type: 'uniform'; min: number; max: number }
  | { type: 'lognormal'; median: number; sigma: number };

export interface LinkSpec {
  between: [string, string];
  latency?: LatencySpec;
  loss?: number;
}

export interface NetworkSpec {
  latency: LatencySpec;
  loss: number;
  links: LinkSpec[];
}

export interface ServerSpec {
  name: string;
  implementation: ImplementationName;
  roomVersions: string[];
  /** Local parts only; `@alice:hs1` is `alice` on `hs1`. */
  users: string[];
}

export interface RoomSpec {
  id: string;
  version: string;
  creator: string;
  /**
   * Room version 12 and later: the create event's `additional_creators`. Like the
   * creator, they have unlimited power while joined. Absent when there are none.
   */
  additionalCreators?: string[];
  joinRules: JoinRulesContent;
  powerLevels: PowerLevelsContent;
  /** Includes the creator as `join` unless the file gave it another membership. */
  members: Record<string, Membership>;
  /**
   * Added: allowed rooms whose state was not imported, each with the servers
   * believed to be in it (from the importer's settings or `m.space.*` via lists;
   * possibly none). Lint reads it; the simulation treats those rooms as unknown.
   */
  notImported?: Record<string, string[]>;
  /** Added: raw `m.room.server_acl` content; no ACL when left out. */
  serverAcl?: ServerAclContent;
}

interface ActionBase {
  at: number;
  /** Position in the file's timeline, from 0; ties at the same `at` run in this order. */
  index: number;
  /** The item's `id`, or for joins the generated `join-N`. */
  id?: string;
}

export type TimelineAction =
  | (ActionBase & { do: 'join'; id: string; user: string; room: string; via?: string[] })
  | (ActionBase & { do: 'leave'; user: string; room: string })
  | (ActionBase & { do: 'invite'; sender: string; user: string; room: string })
  | (ActionBase & { do: 'ban'; sender: string; user: string; room: string })
  | (ActionBase & { do: 'setPowerLevels'; sender: string; room: string; content: PowerLevelsContent })
  | (ActionBase & { do: 'setJoinRules'; sender: string; room: string; content: JoinRulesContent })
  | (ActionBase & { do: 'crash'; server: string })
  | (ActionBase & { do: 'recover'; server: string })
  | (ActionBase & { do: 'partition'; groups: string[][] })
  | (ActionBase & { do: 'heal' });

export type TimelineActionType = TimelineAction['do'];
export type JoinAction = Extract<TimelineAction, { do: 'join' }>;

/** One expected attempt: only the fields given are compared. */
export interface ExpectedAttempt {
  server?: string;
  step?: 'make_join' | 'send_join';
  status?: number;
  errcode?: string | null;
  [key: string]: unknown;
}

export type Expectation =
  | {
      type: 'join';
      /** Position in the file's `expect` list. */
      index: number;
      join: string;
      /** Every other field given, compared against the report's join entry. */
      fields: Record<string, unknown>;
      attempts?: ExpectedAttempt[];
    }
  | { type: 'lint'; index: number; code: string; room?: string };

export interface Scenario {
  fedsim: 1;
  name: string;
  description?: string;
  seed: string;
  errcodes: ErrcodeDialect;
  network: NetworkSpec;
  servers: ServerSpec[];
  rooms: RoomSpec[];
  timeline: TimelineAction[];
  expect: Expectation[];
  until?: number;
  /** Per-implementation setting overrides (added field; see engine/federation/profiles). */
  profileSettings?: Record<string, Record<string, unknown>>;
  /** Parameters for scenario generators, passed through untouched (added field). */
  generate?: Record<string, unknown>;
}

/** All room versions a server supports unless it says otherwise. */
export const ALL_ROOM_VERSIONS: readonly string[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
export const DEFAULT_ROOM_VERSION = '10';
