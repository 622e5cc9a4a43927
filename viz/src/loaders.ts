/**
 * The ways a run gets in: a shipped scenario (one click), a file from the picker
 * or dropped on the page, or `#load=path` for a file served next to the page
 * (what `fedsim viz FILE` uses). Everything ends in `applyLoad`.
 */
import { loadInput, type LoadOutcome } from '../model/load-input';
import { loadInputAsync, WORKER_THRESHOLD_BYTES } from './load-async';
import { clampTime } from '../model/timeline';
import { isSafeRelativePath } from '../model/url-state';
import { findShipped, SHIPPED } from './shipped';
import { el } from './dom';
import type { Store } from './store';
import { openIfSweep } from '../sweep/index';

export interface LoadTarget {
  join?: string | null;
  t?: number | null;
}

export function applyLoad(store: Store, outcome: LoadOutcome, target: LoadTarget = {}): void {
  if (!outcome.ok) {
    store.update({ problems: outcome.problems, playing: false, status: '' });
    return;
  }
  const { dataset } = outcome;
  // A User Timing entry, so benchmarks can read how long the first render of a run takes.
  const started = performance.now();
  const byId = target.join ? dataset.report.joins.findIndex((j) => j.id === target.join) : -1;
  const selected = byId >= 0 ? byId : dataset.report.joins.length ? 0 : null;
  const end = dataset.report.endedAt;
  const t = target.t !== null && target.t !== undefined ? clampTime(target.t, end) : end;
  store.update({ dataset, selected, t, problems: [], status: '', playing: false, filter: { ...store.get().filter, cell: null, server: '', room: '', errcode: '' } });
  performance.measure('fedsim:render-run', { start: started, end: performance.now() });
}

export function loadShipped(store: Store, key: string, target: LoadTarget = {}): boolean {
  const shipped = findShipped(key);
  if (!shipped) {
    store.update({ problems: [`no shipped scenario called ${key}`] });
    return false;
  }
  applyLoad(store, loadInput(shipped.text, shipped.fileName, shipped.key), target);
  return true;
}

export async function loadFromPath(store: Store, path: string, target: LoadTarget = {}): Promise<void> {
  if (!isSafeRelativePath(path)) {
    store.update({ problems: [`refusing to load ${path}: only files next to this page can be loaded`] });
    return;
  }
  try {
    const response = await fetch(path, { credentials: 'omit' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const text = await response.text();
    if (openIfSweep(store, text, path.replace(/^.*\//, ''), path)) return;
    const outcome = await loadWithStatus(store, text, path.replace(/^.*\//, ''));
    if (outcome.ok) outcome.dataset.loadedFrom = path;
    applyLoad(store, outcome, target);
  } catch (error) {
    store.update({ problems: [`cannot load ${path}: ${error instanceof Error ? error.message : String(error)}`] });
  }
}

/** Shows what is being loaded while a large file is parsed or simulated in the background. */
async function loadWithStatus(store: Store, text: string, fileName: string): Promise<LoadOutcome> {
  if (text.length >= WORKER_THRESHOLD_BYTES) store.update({ status: `Loading ${fileName} (${Math.round(text.length / 1024)} KiB)…` });
  return loadInputAsync(text, fileName);
}

async function loadFile(store: Store, file: File): Promise<void> {
  const text = await file.text();
  if (openIfSweep(store, text, file.name)) return;
  applyLoad(store, await loadWithStatus(store, text, file.name));
}

/** The header's loading controls: shipped list, file picker, and the page as a drop target. */
export function mountLoaders(host: HTMLElement, store: Store, onShipped: (key: string) => void): void {
  const shipped = el('select', { id: 'shipped', 'aria-label': 'Load a shipped scenario' });
  shipped.append(el('option', { value: '' }, `Shipped scenarios (${SHIPPED.length})…`));
  for (const s of SHIPPED) shipped.append(el('option', { value: s.key }, s.key));
  shipped.addEventListener('change', () => {
    if (shipped.value) onShipped(shipped.value);
  });
  const picker = el('input', { type: 'file', id: 'file-input', accept: '.json,.jsonl,.yaml,.yml', class: 'sr-only' });
  const pick = el('button', { type: 'button', id: 'open-file' }, 'Open a file…');
  pick.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    const file = picker.files?.[0];
    if (file) void loadFile(store, file).then(() => (picker.value = ''));
  });
  const hint = el('span', { class: 'muted hint' }, 'or drop a scenario (.yaml/.json), report (.json) or trace (.jsonl)');
  host.append(shipped, pick, picker, hint);

  window.addEventListener('dragover', (event) => {
    event.preventDefault();
    document.body.classList.add('dragging');
  });
  window.addEventListener('dragleave', () => document.body.classList.remove('dragging'));
  window.addEventListener('drop', (event) => {
    event.preventDefault();
    document.body.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) void loadFile(store, file);
  });
  store.subscribe((state) => {
    const key = state.dataset?.scenarioKey ?? '';
    if (shipped.value !== key) shipped.value = key;
  });
}
