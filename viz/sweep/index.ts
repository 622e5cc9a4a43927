/**
 * The visualiser's sweep view (sweep.json): one entry for the page. The page
 * mounts the panel once; its loaders hand every file to `openIfSweep` first,
 * which shows a sweep report here and lets everything else go on to the run
 * views.
 */
import './sweep.css';
import type { Store } from '../src/store';
import { openPointRun, runsFromSweeps } from './open-run';
import { createSweepPanel, type SweepPanel } from './sweep-panel';
import { looksLikeSweep, readSweep } from './sweep-file';

let panel: SweepPanel | null = null;

/** Puts the (hidden) sweep panel just before `before`; runs picked in it open through `store`. */
export function mountSweepView(before: HTMLElement, store: Store): void {
  panel = createSweepPanel((sweep, point, replication) => openPointRun(store, sweep, point, replication));
  before.before(panel.section);
  // Another file loaded by other means replaces the sweep, as it replaces a run.
  store.subscribe((state, previous) => {
    if (panel?.sweep && state.dataset !== previous.dataset && state.dataset && !runsFromSweeps.has(state.dataset)) panel.hide();
  });
}

/**
 * Shows `text` in the sweep view if it is a sweep report (problems, if any, in
 * the page's problem list) and returns true; returns false for anything else.
 * `loadedFrom` is the path it was fetched from (`#load=`), kept in the URL.
 */
export function openIfSweep(store: Store, text: string, fileName: string, loadedFrom?: string): boolean {
  if (!panel || !looksLikeSweep(text)) return false;
  const outcome = readSweep(text, fileName);
  if (!outcome.ok) {
    store.update({ problems: outcome.problems, status: '' });
    return true;
  }
  store.update({ problems: [], status: '' });
  panel.show(loadedFrom !== undefined ? { ...outcome.sweep, loadedFrom } : outcome.sweep);
  return true;
}
