/**
 * The server-ACL step every resident profile runs (reference §1.4: Synapse step 2
 * of make_join and 5 of send_join, Dendrite's first check, conduwuit's third):
 * a joining server the room's ACL denies gets 403 M_FORBIDDEN, which every
 * Synapse joiner treats as final (§4.2 item 7).
 */
import { M_FORBIDDEN } from '../matrix/errcodes';
import type { RoomView } from '../matrix/room-view';
import { aclDenial } from '../matrix/server-acl';
import { answer } from './answers';
import type { ResidentAnswer } from './messages';

/** 403 when the room's ACL (as `view` holds it) denies `origin`; null otherwise. */
export function checkServerAcl(view: RoomView, origin: string): ResidentAnswer | null {
  const denial = aclDenial(view.serverAcl, origin);
  if (denial === null) return null;
  return answer(403, M_FORBIDDEN, 'acl', `Server is banned from room: ${denial} of ${view.roomId}`);
}
