/**
 * Errcodes the simulator produces, and the `msc3083-draft` dialect, in which
 * M_UNABLE_TO_GRANT_JOIN is reported as M_CANNOT_ALLOW, its name for one day of
 * MSC3083's draft text (reference §1.5). Only reporting changes with the dialect.
 */
import type { ErrcodeDialect } from '../scenario/types';

export const M_FORBIDDEN = 'M_FORBIDDEN';
export const M_NOT_FOUND = 'M_NOT_FOUND';
export const M_UNKNOWN = 'M_UNKNOWN';
export const M_UNABLE_TO_AUTHORISE_JOIN = 'M_UNABLE_TO_AUTHORISE_JOIN';
export const M_UNABLE_TO_GRANT_JOIN = 'M_UNABLE_TO_GRANT_JOIN';
export const M_CANNOT_ALLOW = 'M_CANNOT_ALLOW';
export const M_INCOMPATIBLE_ROOM_VERSION = 'M_INCOMPATIBLE_ROOM_VERSION';
export const M_UNSUPPORTED_ROOM_VERSION = 'M_UNSUPPORTED_ROOM_VERSION';
export const M_LIMIT_EXCEEDED = 'M_LIMIT_EXCEEDED';
export const M_BAD_JSON = 'M_BAD_JSON';

/** The errcode as a scenario in `dialect` reports it. */
export function toDialect(errcode: string | null, dialect: ErrcodeDialect): string | null {
  if (dialect === 'msc3083-draft' && errcode === M_UNABLE_TO_GRANT_JOIN) return M_CANNOT_ALLOW;
  return errcode;
}
