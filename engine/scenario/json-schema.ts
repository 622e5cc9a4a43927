/**
 * The JSON Schema (draft 2020-12) of the scenario format, for editors: with the
 * YAML language server, a `# yaml-language-server: $schema=…` line gives key
 * completion and flags typos as one types. Built from the validator's own key
 * lists (format-keys.ts) and value lists (implementations, room versions, join
 * rules, actions, lint codes, generate options), so the two cannot name different
 * keys. The schema checks shape only; what needs the whole file (a user of an
 * unknown server, a join id used twice) is the validator's alone, and the schema
 * never refuses a file the validator accepts (a test runs both over every
 * shipped and every broken scenario).
 */
import { DEFAULT_SETTINGS } from '../federation/settings';
import { FORMAT_KEYS } from './format-keys';
import { GENERATE_KEYS, MISCONFIG_KEYS } from '../generate/index';
import { LINT_CODES } from '../lint/index';
import { ALL_ROOM_VERSIONS, IMPLEMENTATION_NAMES } from './types';
import { ACTION_FIELDS } from './validate-actions';
import { ATTEMPT_FIELDS, JOIN_FIELDS } from './validate-expect';
import { JOIN_RULES, MEMBERSHIPS } from './validate-rooms';
import { ERRCODE_DIALECTS } from './validate';

type Schema = Record<string, unknown>;

const nonNegativeInteger: Schema = { type: 'integer', minimum: 0 };
const probability: Schema = { type: 'number', minimum: 0, maximum: 1 };
const nonEmptyString: Schema = { type: 'string', minLength: 1 };
/** `@local:server`. */
const userId: Schema = { type: 'string', pattern: '^@[^:]+:.+$' };
/** `!local:server`, or from room version 12 `!hash` with no server part. */
const roomId: Schema = { type: 'string', pattern: '^!([^:]+:.+|[A-Za-z0-9_-]+)$' };
/** YAML reads `version: 10` as a number; the validator takes it as "10". */
const roomVersion: Schema = { anyOf: [{ enum: [...ALL_ROOM_VERSIONS] }, { type: 'integer', enum: ALL_ROOM_VERSIONS.map(Number) }] };
const roomVersions: Schema = { type: 'array', items: roomVersion, uniqueItems: true };

/** An object with exactly `keys`, each described by `properties` (a key left out there takes anything). */
function closedObject(keys: readonly string[], properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  const described: Record<string, Schema> = {};
  for (const key of keys) described[key] = properties[key] ?? {};
  return { type: 'object', properties: described, ...(required.length > 0 ? { required: [...required] } : {}), additionalProperties: false };
}

function listOf(items: Schema): Schema {
  return { type: 'array', items };
}

const powerLevels: Schema = closedObject([...FORMAT_KEYS.powerLevelLevels, ...FORMAT_KEYS.powerLevelMaps], {
  ...Object.fromEntries(FORMAT_KEYS.powerLevelLevels.map((key) => [key, { type: 'integer' }])),
  users: { type: 'object', propertyNames: userId, additionalProperties: { type: 'integer' } },
  events: { type: 'object', additionalProperties: { type: 'integer' } },
  notifications: { type: 'object', additionalProperties: { type: 'integer' } },
});

const latency: Schema = {
  ...closedObject(FORMAT_KEYS.latencyForms, {
    fixed: nonNegativeInteger,
    uniform: { type: 'array', items: nonNegativeInteger, minItems: 2, maxItems: 2 },
    lognormal: closedObject(FORMAT_KEYS.lognormal, { median: { type: 'integer', minimum: 1 }, sigma: { type: 'number', minimum: 0 } }, FORMAT_KEYS.lognormal),
  }),
  minProperties: 1,
  maxProperties: 1,
};

const network: Schema = closedObject(FORMAT_KEYS.network, {
  latency,
  loss: probability,
  links: listOf(closedObject(FORMAT_KEYS.link, { between: { type: 'array', items: nonEmptyString, minItems: 2, maxItems: 2 }, latency, loss: probability }, ['between'])),
});

const implementation: Schema = { enum: [...IMPLEMENTATION_NAMES] };

const server: Schema = closedObject(
  FORMAT_KEYS.server,
  { name: nonEmptyString, implementation, roomVersions, users: listOf({ type: 'string', pattern: '^[^@:][^:]*$' }) },
  ['name'],
);

const room: Schema = closedObject(
  FORMAT_KEYS.room,
  {
    id: roomId,
    version: roomVersion,
    creator: userId,
    additionalCreators: listOf(userId),
    joinRule: { enum: [...JOIN_RULES] },
    allow: listOf(roomId),
    joinRules: { type: 'object', description: 'raw m.room.join_rules content, taken as given' },
    powerLevels,
    members: { type: 'object', propertyNames: userId, additionalProperties: { enum: [...MEMBERSHIPS] } },
    serverAcl: closedObject(FORMAT_KEYS.serverAcl, { allow: listOf({ type: 'string' }), deny: listOf({ type: 'string' }), allow_ip_literals: { type: 'boolean' } }),
    notImported: { type: 'object', propertyNames: roomId, additionalProperties: listOf(nonEmptyString) },
  },
  ['id', 'creator'],
);

/** The value of each action field. */
const ACTION_FIELD_SCHEMAS: Record<string, Schema> = {
  user: userId,
  sender: userId,
  room: roomId,
  via: listOf(nonEmptyString),
  server: nonEmptyString,
  groups: listOf(listOf(nonEmptyString)),
  content: { type: 'object' },
};

/** One `if do is X then X's fields` per action: editors then complete the fields of the action being written. */
function timelineItem(): Schema {
  const actions = Object.keys(ACTION_FIELDS) as (keyof typeof ACTION_FIELDS)[];
  return {
    type: 'object',
    properties: { at: nonNegativeInteger, do: { enum: actions }, id: nonEmptyString },
    required: ['at', 'do'],
    allOf: actions.map((action) => {
      const fields: readonly string[] = ACTION_FIELDS[action];
      const required = fields.filter((f) => f !== 'via');
      return {
        if: { properties: { do: { const: action } }, required: ['do'] },
        then: closedObject([...FORMAT_KEYS.timelineItem, ...fields], { at: nonNegativeInteger, do: { const: action }, id: nonEmptyString, ...ACTION_FIELD_SCHEMAS }, ['at', 'do', ...required]),
      };
    }),
  };
}

const nullableString: Schema = { type: ['string', 'null'] };
const nullableInteger: Schema = { type: ['integer', 'null'], minimum: 0 };

/** Value schemas of the report fields an expectation may compare (keys from the validator's JOIN_FIELDS). */
const JOIN_FIELD_SCHEMAS: Record<string, Schema> = {
  id: { type: 'string' },
  user: { type: 'string' },
  room: { type: 'string' },
  at: nonNegativeInteger,
  local: { type: 'boolean' },
  outcome: { enum: ['joined', 'failed'] },
  status: { type: ['integer', 'null'] },
  errcode: nullableString,
  authorisedBy: nullableString,
  resident: nullableString,
  finishedAt: nullableInteger,
  message: { type: 'string' },
};

const ATTEMPT_FIELD_SCHEMAS: Record<string, Schema> = {
  server: { type: 'string' },
  step: { enum: ['make_join', 'send_join'] },
  at: nonNegativeInteger,
  status: { type: 'integer' },
  errcode: nullableString,
  reason: { type: 'string' },
};

function expectation(): Schema {
  const joinKeys = ['join', ...Object.keys(JOIN_FIELDS), 'attempts'];
  const joinExpectation = closedObject(
    joinKeys,
    { join: nonEmptyString, ...JOIN_FIELD_SCHEMAS, attempts: listOf(closedObject(Object.keys(ATTEMPT_FIELDS), ATTEMPT_FIELD_SCHEMAS)) },
    ['join'],
  );
  const lintExpectation = closedObject(FORMAT_KEYS.lintExpectation, { lint: { enum: LINT_CODES.map((c) => c.code) }, room: roomId }, ['lint']);
  return {
    type: 'object',
    if: { required: ['lint'] },
    then: lintExpectation,
    else: joinExpectation,
  };
}

const positiveInteger: Schema = { type: 'integer', minimum: 1 };
const nonNegativeNumber: Schema = { type: 'number', minimum: 0 };

/** `generate:` options: names from the generator; values as readGenerateOptions reads them. */
const generate: Schema = closedObject(GENERATE_KEYS, {
  seed: { type: ['string', 'integer'] },
  servers: positiveInteger,
  users: positiveInteger,
  rooms: nonNegativeInteger,
  spaces: nonNegativeInteger,
  joins: nonNegativeInteger,
  inSpace: probability,
  restricted: probability,
  allowRooms: positiveInteger,
  inviteLevel: nonNegativeInteger,
  moderators: probability,
  outsiders: probability,
  start: nonNegativeInteger,
  rate: { type: 'number', exclusiveMinimum: 0 },
  via: positiveInteger,
  mix: { type: 'object', propertyNames: { enum: [...IMPLEMENTATION_NAMES] }, additionalProperties: nonNegativeNumber },
  roomVersion,
  latency,
  loss: probability,
  serverSkew: nonNegativeNumber,
  roomSkew: { type: 'number', exclusiveMinimum: 0 },
  minRoomSize: positiveInteger,
  maxRoomSize: positiveInteger,
  misconfig: closedObject(MISCONFIG_KEYS, Object.fromEntries(MISCONFIG_KEYS.map((key) => [key, probability]))),
});

/** A setting's value: the type of its default, as checkProfileSettings takes it. */
function settingSchema(defaultValue: unknown): Schema {
  if (typeof defaultValue === 'number') return { type: 'number', minimum: 0 };
  if (typeof defaultValue === 'boolean') return { type: 'boolean' };
  return {};
}

/** `profileSettings`: each implementation's settings, from the profiles' own defaults. */
const profileSettings: Schema = {
  type: 'object',
  properties: Object.fromEntries(
    Object.entries(DEFAULT_SETTINGS).map(([name, settings]) => [
      name,
      { type: 'object', properties: Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, settingSchema(value)])), additionalProperties: false },
    ]),
  ),
  additionalProperties: false,
};

/** The whole schema, as `fedsim schema` prints it. */
export function scenarioJsonSchema(): Schema {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'fedsim scenario, format version 1',
    description: 'A federation of Matrix homeservers, their rooms at t = 0, a timeline and expectations (scenario-format.md). Checked by shape only: `fedsim lint FILE` checks the rest.',
    ...closedObject(
      FORMAT_KEYS.top,
      {
        fedsim: { const: 1 },
        name: nonEmptyString,
        description: { type: 'string' },
        seed: { type: ['string', 'integer'] },
        errcodes: { enum: [...ERRCODE_DIALECTS] },
        defaults: closedObject(FORMAT_KEYS.defaults, { implementation, roomVersions }),
        network,
        servers: listOf(server),
        rooms: listOf(room),
        timeline: listOf(timelineItem()),
        expect: listOf(expectation()),
        until: nonNegativeInteger,
        profileSettings,
        generate,
      },
      ['fedsim', 'name', 'servers', 'rooms'],
    ),
  };
}
