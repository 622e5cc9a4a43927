/**
 * The messages between the page and the loading worker. Joins cross in batches,
 * so the page takes a large run in many short tasks instead of one long one.
 */
import type { JoinReport, TimelineAction as Action } from '../../engine/index';
import type { Dataset } from '../model/dataset';
import type { LoadStage } from '../model/load-input';

/** Where the bytes come from: text already in the page, a picked or dropped file, or a same-origin path. */
export type LoadSource = { kind: 'text'; text: string } | { kind: 'file'; file: File } | { kind: 'path'; path: string };

export interface LoadRequest {
  source: LoadSource;
  fileName: string;
  scenarioKey: string | null;
}

export type LoadMessage =
  | { type: 'progress'; stage: LoadStage; done: number; total: number }
  | { type: 'joins'; joins: JoinReport[] }
  /** The scenario's timeline, in batches like the joins (100,000 join actions are most of a scenario). */
  | { type: 'actions'; actions: Action[] }
  /** The joins sent so far were not a report after all: forget them. */
  | { type: 'discard' }
  /** The run without its joins (they came in batches), with its digest. */
  | { type: 'done'; dataset: Dataset }
  | { type: 'failed'; stage: LoadStage; problems: string[] };
