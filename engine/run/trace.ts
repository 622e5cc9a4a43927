/**
 * The typed trace of a run and its fingerprint. Every record is hashed into the
 * fingerprint as it is made (so a run without a trace listener still has one), and
 * handed to the listener, if any, for JSONL files or the visualiser.
 */
import { Fingerprint } from '../kernel/fingerprint';
import type { JoinStep } from '../report/types';

export type TraceEvent =
  | { t: number; type: 'action'; index: number; do: string; applied: boolean; reason: string }
  | { t: number; type: 'join-start'; join: string; user: string; room: string; server: string; plan: string; candidates: string }
  | { t: number; type: 'request'; join: string; step: JoinStep; from: string; to: string; request: number }
  | { t: number; type: 'answer'; join: string; step: JoinStep; server: string; status: number; errcode: string; check: string; request: number }
  | { t: number; type: 'response'; join: string; step: JoinStep; server: string; status: number; errcode: string; decision: string; request: number }
  | { t: number; type: 'skip'; join: string; step: JoinStep; server: string; reason: string }
  | { t: number; type: 'dropped'; what: 'request' | 'answer' | 'event'; from: string; to: string; cause: string }
  | { t: number; type: 'state'; server: string; room: string; event: string; stateKey: string; value: string; stamp: number }
  | { t: number; type: 'deliver'; from: string; to: string; room: string; stamp: number; applied: boolean }
  | { t: number; type: 'forget'; server: string; room: string }
  | { t: number; type: 'join-end'; join: string; outcome: string; status: number; errcode: string; resident: string };

export type TraceListener = (event: TraceEvent) => void;

export class TraceRecorder {
  private readonly fingerprint = new Fingerprint();
  private count = 0;

  constructor(private readonly listener?: TraceListener) {}

  record(event: TraceEvent): void {
    const fp = this.fingerprint;
    // Records are built with their keys in a fixed order, so for-in order is canonical.
    for (const key in event) {
      fp.addString(key);
      const value = (event as unknown as Record<string, unknown>)[key];
      if (typeof value === 'number') fp.addNumber(value);
      else fp.addString(String(value));
    }
    this.count++;
    if (this.listener) this.listener(event);
  }

  /**
   * The hottest record (one per state event per recipient), hashed field by field
   * exactly as record() would hash it, without building the object unless a
   * listener wants it.
   */
  recordDeliver(t: number, from: string, to: string, room: string, stamp: number, applied: boolean): void {
    if (this.listener) {
      this.record({ t, type: 'deliver', from, to, room, stamp, applied });
      return;
    }
    const fp = this.fingerprint;
    fp.addString('t');
    fp.addNumber(t);
    fp.addString('type');
    fp.addString('deliver');
    fp.addString('from');
    fp.addString(from);
    fp.addString('to');
    fp.addString(to);
    fp.addString('room');
    fp.addString(room);
    fp.addString('stamp');
    fp.addNumber(stamp);
    fp.addString('applied');
    fp.addString(applied ? 'true' : 'false');
    this.count++;
  }

  get records(): number {
    return this.count;
  }

  digest(): string {
    return this.fingerprint.digest();
  }
}
