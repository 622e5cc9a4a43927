/**
 * The typed trace of a run and its fingerprint. Every record is hashed into the
 * fingerprint as it is made (so a run without a trace listener still has one), and
 * handed to the listener, if any, for JSONL files or the visualiser.
 */
import { Fingerprint, stringWord } from '../kernel/fingerprint';
import { invariant } from '../kernel/invariant';
import type { JoinerTraceEvent } from '../federation/join-machine/index';
import type { JoinStep } from '../federation/messages';

export type TraceEvent =
  /** `rule`: present when the auth rules refused the action, the rule that did. */
  | { t: number; type: 'action'; index: number; do: string; applied: boolean; reason: string; rule?: string }
  | { t: number; type: 'request'; join: string; step: JoinStep; from: string; to: string; request: number }
  | { t: number; type: 'answer'; join: string; step: JoinStep; server: string; status: number; errcode: string; check: string; request: number }
  | { t: number; type: 'dropped'; what: 'request' | 'answer' | 'event'; from: string; to: string; cause: string }
  | { t: number; type: 'state'; server: string; room: string; event: string; stateKey: string; value: string; stamp: number }
  | { t: number; type: 'deliver'; from: string; to: string; room: string; stamp: number; applied: boolean }
  | { t: number; type: 'forget'; server: string; room: string }
  /** A remote join left `server` with partial state of `room` until `until` (Synapse faster joins, federation/partial-state.ts). */
  | { t: number; type: 'partial-state'; server: string; room: string; until: number }
  /** What the joining server decided (federation/join-machine): join-start, response, skip, join-end. */
  | JoinerTraceEvent;

export type TraceListener = (event: TraceEvent) => void;

/** The words of a deliver record's constant parts, worked out once. */
const DELIVER_WORD = stringWord('deliver');
const TRUE_WORD = stringWord('true');
const FALSE_WORD = stringWord('false');

export class TraceRecorder {
  private readonly fingerprint = new Fingerprint();
  private count = 0;

  constructor(private readonly listener?: TraceListener) {}

  record(event: TraceEvent): void {
    const fp = this.fingerprint;
    // Records are built with their keys in a fixed order, so for-in order is
    // canonical; the keys themselves follow from the type and are not hashed.
    for (const key in event) {
      const value = (event as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number') fp.addNumber(value);
      else fp.addString(String(value));
    }
    this.count++;
    if (this.listener) this.listener(event);
  }

  /** Whether a listener takes every record (then each must be built whole, as record() takes it). */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /**
   * The hottest record (one per state event per recipient), `deliver`, hashed
   * field by field exactly as record() would hash it, without building the
   * object: only while nobody listens (a listener gets record() instead). The
   * names come as their stringWord, which the caller keeps per server and per
   * room, so no name is read or hashed per copy.
   */
  recordDeliver(t: number, fromWord: number, toWord: number, roomWord: number, stamp: number, applied: boolean): void {
    if (this.listener) invariant(false, 'recordDeliver with a listener: build the record for record()');
    const fp = this.fingerprint;
    fp.addNumber(t);
    fp.addWord(DELIVER_WORD);
    fp.addWord(fromWord);
    fp.addWord(toWord);
    fp.addWord(roomWord);
    fp.addNumber(stamp);
    fp.addWord(applied ? TRUE_WORD : FALSE_WORD);
    this.count++;
  }

  get records(): number {
    return this.count;
  }

  digest(): string {
    return this.fingerprint.digest();
  }
}
