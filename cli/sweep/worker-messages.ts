/** What a sweep worker thread sends back to its pool. */
import type { RunResult } from '../../engine/index';

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'result'; result: RunResult }
  | { type: 'error'; message: string; stack: string };
