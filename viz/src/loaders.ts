/**
 * The ways a run gets in: a shipped scenario (one click), a file from the picker
 * or dropped on the page, or `#load=path` for a file served next to the page
 * (what `fedsim viz FILE` uses). Everything ends in `applyLoad`.
 */
import { loadInput, type LoadOutcome } from '../model/load-input';
import { loadInputAsync, loadSourceAsync, WORKER_THRESHOLD_BYTES, type LoadProgress } from './load-async';
import type { LoadSource } from './load-protocol';
import { clampTime } from '../model/timeline';
import { isSafeRelativePath } from '../model/url-state';
import { findShipped, SHIPPED } from './shipped';
import { el } from './dom';
import { NO_FILTER, type JoinFilter } from '../model/join-filter';
import type { Store } from './store';
import { openIfSweep } from '../sweep/index';

export interface LoadTarget {
  join?: string | null;
  t?: number | null;
  overview?: boolean;
  filter?: Partial<JoinFilter>;
}

/** Runs with more joins than this open on the overview of failures rather than on their first join. */
const OVERVIEW_FIRST = 1000;

const STAGE_WORDS = { reading: 'reading the file', parsing: 'parsing it', simulating: 'simulating the scenario' } as const;

/** A failed load changes nothing but the problems shown: the run on screen stays as it was. */
export function applyLoad(store: Store, outcome: LoadOutcome, target: LoadTarget = {}, fileName = ''): void {
  if (!outcome.ok) {
    const kept = store.get().dataset ? ' The run shown before is unchanged.' : '';
    const headline = outcome.stage ? `Could not load ${fileName || 'the file'}: ${STAGE_WORDS[outcome.stage]} failed.${kept}` : '';
    store.update({ problems: headline ? [headline, ...outcome.problems] : outcome.problems, playing: false, status: '' });
    return;
  }
  const { dataset } = outcome;
  // A User Timing entry, so benchmarks can read how long the first render of a run takes.
  const started = performance.now();
  const byId = target.join ? dataset.report.joins.findIndex((j) => j.id === target.join) : -1;
  // A big run opens on its overview; a small one on its first join, as before.
  const selected = byId >= 0 ? byId : target.overview || dataset.report.joins.length > OVERVIEW_FIRST ? null : dataset.report.joins.length ? 0 : null;
  const end = dataset.report.endedAt;
  const t = target.t !== null && target.t !== undefined ? clampTime(target.t, end) : end;
  store.update({ dataset, selected, t, problems: [], status: '', playing: false, filter: { ...NO_FILTER, ...target.filter } });
  performance.measure('fedsim:render-run', { start: started, end: performance.now() });
}

export function loadShipped(store: Store, key: string, target: LoadTarget = {}): boolean {
  const shipped = findShipped(key);
  if (!shipped) {
    store.update({ problems: [`no shipped scenario called ${key}`] });
    return false;
  }
  applyLoad(store, loadInput(shipped.text, shipped.fileName, shipped.key), target, shipped.fileName);
  return true;
}

export async function loadFromPath(store: Store, path: string, target: LoadTarget = {}): Promise<void> {
  if (!isSafeRelativePath(path)) {
    store.update({ problems: [`refusing to load ${path}: only files next to this page can be loaded`] });
    return;
  }
  const fileName = path.replace(/^.*\//, '');
  // A small file may be a sweep report, which opens in its own view: look before handing the path to the worker.
  if (await openPathIfSweep(store, path, fileName)) return;
  // Resolved here: inside the worker a relative path would resolve against the worker's script.
  const outcome = await loadWithStatus(store, { kind: 'path', path: new URL(path, window.location.href).href }, fileName);
  if (outcome.ok) outcome.dataset.loadedFrom = path;
  applyLoad(store, outcome, target, fileName);
}

/**
 * Opens `path` in the sweep view when it is a sweep report (JSON, small enough to read
 * here); false (nothing done) for anything else or a failed request, which the
 * ordinary load then reports. A HEAD request asks the size first, so a big report is
 * not fetched twice and no request is cut off half-way.
 */
async function openPathIfSweep(store: Store, path: string, fileName: string): Promise<boolean> {
  if (!/\.json$/i.test(path)) return false;
  try {
    const head = await fetch(path, { method: 'HEAD', credentials: 'omit' });
    const length = Number(head.headers.get('content-length') ?? NaN);
    if (!head.ok || !(length < WORKER_THRESHOLD_BYTES)) return false;
    const response = await fetch(path, { credentials: 'omit' });
    if (!response.ok) return false;
    return openIfSweep(store, await response.text(), fileName, path);
  } catch {
    return false;
  }
}

/** Reads, parses or simulates in the background, saying how far it got. */
async function loadWithStatus(store: Store, source: LoadSource, fileName: string): Promise<LoadOutcome> {
  store.update({ status: `Loading ${fileName}…` });
  const report = (progress: LoadProgress): void => {
    const mb = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MB`;
    const what =
      progress.stage === 'simulating'
        ? 'simulating it'
        : `read ${mb(progress.done)}${progress.total ? ` of ${mb(progress.total)}` : ''}${progress.joins ? `, ${progress.joins.toLocaleString('en')} joins` : ''}`;
    store.update({ status: `Loading ${fileName}: ${what}…` });
  };
  const outcome = await loadSourceAsync(source, fileName, report);
  if (outcome.ok) outcome.dataset.fileName = fileName;
  return outcome;
}

async function loadFile(store: Store, file: File): Promise<void> {
  if (file.size >= WORKER_THRESHOLD_BYTES || typeof Worker === 'undefined') {
    applyLoad(store, await loadWithStatus(store, { kind: 'file', file }, file.name), {}, file.name);
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    applyLoad(store, { ok: false, stage: 'reading', problems: [`${file.name}: ${error instanceof Error ? error.message : String(error)}`] }, {}, file.name);
    return;
  }
  if (openIfSweep(store, text, file.name)) return;
  const outcome = await loadInputAsync(text, file.name);
  if (outcome.ok) outcome.dataset.fileName = file.name;
  applyLoad(store, outcome, {}, file.name);
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
