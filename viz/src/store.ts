/**
 * The visualiser's one piece of mutable state and its subscribers. Views never
 * talk to each other: they read the state, render, and call `update` on input;
 * every update re-renders the views that subscribed.
 */
import type { Dataset } from '../model/dataset';
import { NO_FILTER, type JoinFilter } from '../model/join-filter';

export interface AppState {
  dataset: Dataset | null;
  /** Index into dataset.report.joins, or null for the overall picture. */
  selected: number | null;
  /** The simulated time every view shows. */
  t: number;
  filter: JoinFilter;
  playing: boolean;
  /** Problems from the last load, shown instead of the data. */
  problems: string[];
  /** What is going on in the background ("Simulating big.json…"), or ''. */
  status: string;
}

export type Listener = (state: AppState, previous: AppState) => void;

export interface Store {
  get(): AppState;
  update(patch: Partial<AppState>): void;
  subscribe(listener: Listener): void;
}

export function createStore(initial: AppState): Store {
  let state = initial;
  const listeners: Listener[] = [];
  return {
    get: () => state,
    update(patch) {
      const previous = state;
      state = { ...state, ...patch };
      for (const listener of listeners) listener(state, previous);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}

export const INITIAL_STATE: AppState = { dataset: null, selected: null, t: 0, filter: NO_FILTER, playing: false, problems: [], status: '' };
