/**
 * What a sweep's runs look like on the queue: one BullMQ job per run, named so
 * that the same run always has the same job. A job carries the hash of its
 * variant scenario and its seed; the scenario's text is stored once in Redis
 * under that hash, so a worker needs nothing but the Redis address.
 */
import { createHash } from 'node:crypto';

/** BullMQ's key prefix and queue name: every key fedsim writes starts with `fedsim:`. */
export const KEY_PREFIX = 'fedsim';
export const QUEUE_NAME = 'runs';

/** Where a variant scenario's text is kept, by the SHA-256 of that text. */
export function scenarioKey(scenarioHash: string): string {
  return `${KEY_PREFIX}:scenario:${scenarioHash}`;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A job's data: the run's spec (engine RunSpec) with its scenario replaced by the hash of its text. */
export interface RunJobData {
  /** The fedsim version that enqueued the run; a worker of another version refuses it, since its result could differ. */
  fedsim: string;
  /** SHA-256 of the variant scenario's JSON text, stored under scenarioKey(hash). */
  scenarioHash: string;
  pointIndex: number;
  replication: number;
  seed: string;
  /** The scenario file's name, to name problems. */
  fileName: string;
}

/**
 * The job id of a run: the hash of the fedsim version, the variant scenario (so
 * the point's values), the point, the replication and the seed (not the file's
 * name, which only names problems).
 * Adding a job whose id exists changes nothing in BullMQ, so a re-sent or
 * duplicated job runs once, and a re-run sweep finds its finished results.
 */
export function runJobId(data: RunJobData): string {
  // Prefixed: BullMQ refuses custom ids that look like integers.
  return `run-${sha256(JSON.stringify([data.fedsim, data.scenarioHash, data.pointIndex, data.replication, data.seed]))}`;
}

/** How a run is named in messages: the file, the point and the replication. */
export function runLabel(data: Pick<RunJobData, 'fileName' | 'pointIndex' | 'replication' | 'seed'>): string {
  return `${data.fileName} point ${data.pointIndex} replication ${data.replication} (seed ${data.seed})`;
}
