/**
 * The keys of every object of the scenario format (scenario-format.md), in one
 * place: the validators check keys against these lists, and the JSON Schema of
 * `fedsim schema` is built from them, so an editor completes exactly the keys the
 * validator accepts. A new field is added here first.
 */

export const FORMAT_KEYS = {
  top: ['fedsim', 'name', 'description', 'seed', 'errcodes', 'defaults', 'network', 'servers', 'rooms', 'timeline', 'expect', 'until', 'profileSettings', 'generate'],
  defaults: ['implementation', 'roomVersions'],
  server: ['name', 'implementation', 'roomVersions', 'users'],
  room: ['id', 'version', 'creator', 'additionalCreators', 'joinRule', 'allow', 'joinRules', 'powerLevels', 'members', 'serverAcl', 'notImported'],
  serverAcl: ['allow', 'deny', 'allow_ip_literals'],
  powerLevelLevels: ['ban', 'invite', 'kick', 'redact', 'state_default', 'events_default', 'users_default'],
  powerLevelMaps: ['users', 'events', 'notifications'],
  network: ['latency', 'loss', 'links'],
  latencyForms: ['fixed', 'uniform', 'lognormal'],
  lognormal: ['median', 'sigma'],
  link: ['between', 'latency', 'loss'],
  /** Every timeline item has these; each action adds its own (ACTION_FIELDS). */
  timelineItem: ['at', 'do', 'id'],
  lintExpectation: ['lint', 'room'],
} as const satisfies Record<string, readonly string[]>;
