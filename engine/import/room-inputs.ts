/**
 * The shapes room state comes in, each turned into one list of state events per
 * room: a GET /rooms/{roomId}/state array; the Synapse admin API's
 * `{"state": [...]}` (GET /_synapse/admin/v1/rooms/{roomId}/state); and a
 * client-server `/sync` response, whose every joined room gives its `state` and
 * the state events of its `timeline` (newer than the state, so read after it),
 * or its `state_after` where the server sends that instead. /sync events carry no
 * `room_id`: the room is the key they are listed under.
 */
import type { RoomStateInput } from './types';

/** One room's events, with its room ID when the shape says it. */
export interface RoomEvents {
  source: string;
  events: unknown;
  roomId?: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function eventsOf(section: unknown): unknown[] {
  return isObject(section) && Array.isArray(section.events) ? section.events : [];
}

/** The rooms in one parsed input; a shape not recognised is passed on as it is, for readRoomState to refuse. */
export function roomsOfInput(input: RoomStateInput, warn: (message: string) => void): RoomEvents[] {
  const { source, events } = input;
  const given = input.roomId !== undefined ? { roomId: input.roomId } : {};
  if (isObject(events) && Array.isArray(events.state)) return [{ source, events: events.state, ...given }];
  if (isObject(events) && isObject(events.rooms)) return syncRooms(source, events.rooms, input.roomId, warn);
  return [{ source, events, ...given }];
}

function syncRooms(source: string, rooms: Record<string, unknown>, only: string | undefined, warn: (m: string) => void): RoomEvents[] {
  const joined = isObject(rooms.join) ? rooms.join : {};
  const skipped = ['invite', 'leave', 'knock'].filter((k) => isObject(rooms[k]) && Object.keys(rooms[k] as object).length > 0);
  if (skipped.length > 0) warn(`${source}: a /sync response; only joined rooms carry state, so its ${skipped.join(' and ')} rooms are not imported`);
  const out: RoomEvents[] = [];
  for (const [roomId, room] of Object.entries(joined)) {
    if (only !== undefined && roomId !== only) continue;
    if (!isObject(room)) continue;
    // state_after (where sent) is the state at the end of the timeline; otherwise the state before it, then the timeline's state events.
    const events = isObject(room.state_after) ? eventsOf(room.state_after) : [...eventsOf(room.state), ...eventsOf(room.timeline).filter((e) => isObject(e) && typeof e.state_key === 'string')];
    out.push({ source: `${source}:rooms.join[${JSON.stringify(roomId)}]`, events, roomId });
  }
  if (out.length === 0) warn(`${source}: a /sync response with no joined room${only !== undefined ? ` ${only}` : ''} in it; file skipped`);
  return out;
}
