/**
 * Inputs and outputs of `fedsim import`: room state as the client-server API
 * returns it (GET /_matrix/client/v3/rooms/{roomId}/state: a JSON array of state
 * events), the Synapse admin API's `{"state": [...]}` or a `/sync` response (see
 * room-inputs.ts), plus optional server settings; out comes a raw scenario in the
 * file format of ../shared/contract/scenario-format.md.
 */

export interface RoomStateInput {
  /** Where the events came from (a file name), for warnings. */
  source: string;
  /** The parsed JSON: an array of state events, an admin API answer or a /sync response. */
  events: unknown;
  /** The room the events belong to, for events that do not say (`--room-id`); with a /sync response, the one room to take. */
  roomId?: string;
}

export interface ImportOptions {
  /** The scenario's name; default: derived from the first room. */
  name?: string;
  /** Parsed server settings (see server-settings.ts), or undefined. */
  settings?: unknown;
  /** Where the settings came from, for problems. */
  settingsSource?: string;
}

/** A raw scenario object, ready to be written as YAML or JSON. */
export type RawScenario = Record<string, unknown>;

export interface ImportResult {
  /** The scenario, or null when nothing usable was found. */
  scenario: RawScenario | null;
  /** What could not be used, each a sentence that starts with its source. */
  warnings: string[];
  /** Fatal problems (`file:path: message`): nothing should be written. */
  problems: string[];
}
