/**
 * How much memory a generated federation needs, worked out from its options
 * before anything is built, so `fedsim generate --servers 1000000000` is refused
 * at once with the figure instead of running until memory runs out. The bytes per
 * item were measured on generated scenarios (a join about 100 bytes, a room with
 * its members a few hundred) and doubled for the text written out.
 */
import { totalmem } from 'node:os';

export interface GenerateSize {
  servers: number;
  users: number;
  rooms: number;
  spaces: number;
  joins: number;
  roomSkew: number;
  minRoomSize: number;
  maxRoomSize: number;
}

const BYTES_PER_SERVER = 400;
const BYTES_PER_USER = 200;
const BYTES_PER_ROOM = 600;
const BYTES_PER_MEMBER = 200;
const BYTES_PER_JOIN = 200;

/** The mean of a Pareto(shape, min) cut at max: the members a room starts with, on average. */
function meanRoomSize(o: GenerateSize): number {
  const cap = Math.max(o.minRoomSize, Math.min(o.maxRoomSize, o.users));
  if (o.roomSkew <= 1) return cap;
  return Math.min(cap, Math.max(o.minRoomSize, (o.roomSkew * o.minRoomSize) / (o.roomSkew - 1)));
}

/** Bytes the generated scenario takes while it is built and written. */
export function estimateGenerateBytes(o: GenerateSize): number {
  const rooms = o.rooms + o.spaces;
  return o.servers * BYTES_PER_SERVER + o.users * BYTES_PER_USER + rooms * (BYTES_PER_ROOM + meanRoomSize(o) * BYTES_PER_MEMBER) + o.joins * BYTES_PER_JOIN;
}

/** What fedsim may use: the heap limit bin/fedsim.mjs gives Node, three quarters of the machine's memory. */
export function memoryBudgetBytes(): number {
  return Math.floor(totalmem() * 0.75);
}

/** "2.1 TB" and the like. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
