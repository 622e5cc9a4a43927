/**
 * The shareable state in the URL fragment:
 * `#scenario=examples/seed-failover&join=joiner&t=1200`, or `#load=loaded/run.json`
 * for a file served next to the page; plus the join list's filters, `overview=1`
 * when no join is selected, and `file=` the name of a picked file (which the page
 * cannot reopen by itself, but can name). Only same-origin relative paths are loaded.
 */
import type { JoinFilter } from './join-filter';

export interface UrlState {
  scenario: string | null;
  load: string | null;
  join: string | null;
  t: number | null;
  overview?: boolean;
  file?: string | null;
  filter?: Partial<JoinFilter>;
}

/** Filter fields and their parameter names. */
const FILTER_PARAMS = [
  ['outcome', 'outcome'],
  ['errcode', 'errcode'],
  ['server', 'server'],
  ['room', 'room'],
  ['search', 'q'],
  ['group', 'group'],
] as const;

export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const t = params.get('t');
  const load = params.get('load');
  const filter: Partial<JoinFilter> = {};
  for (const [field, name] of FILTER_PARAMS) {
    const value = params.get(name);
    if (value === null) continue;
    if (field === 'outcome') {
      if (value === 'joined' || value === 'failed' || value === 'all') filter.outcome = value;
    } else filter[field] = value;
  }
  const cellServer = params.get('cell-server');
  const cellAnswer = params.get('cell-answer');
  if (cellServer !== null && cellAnswer !== null) filter.cell = { server: cellServer, answer: cellAnswer };
  const state: UrlState = {
    scenario: params.get('scenario'),
    load: load !== null && isSafeRelativePath(load) ? load : null,
    join: params.get('join'),
    t: t !== null && /^\d+$/.test(t) ? Number(t) : null,
  };
  if (params.get('overview') === '1') state.overview = true;
  if (params.get('file') !== null) state.file = params.get('file');
  if (Object.keys(filter).length) state.filter = filter;
  return state;
}

export function formatHash(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.scenario) params.set('scenario', state.scenario);
  else if (state.load) params.set('load', state.load);
  else if (state.file) params.set('file', state.file);
  if (state.join) params.set('join', state.join);
  else if (state.overview) params.set('overview', '1');
  if (state.t !== null) params.set('t', String(state.t));
  const filter = state.filter ?? {};
  for (const [field, name] of FILTER_PARAMS) {
    const value = filter[field];
    if (value && !(field === 'outcome' && value === 'all')) params.set(name, value);
  }
  if (filter.cell) {
    params.set('cell-server', filter.cell.server);
    params.set('cell-answer', filter.cell.answer);
  }
  // Slashes read better unescaped and are legal in a fragment.
  const text = params.toString().replace(/%2F/gi, '/');
  return text ? `#${text}` : '';
}

/** A path without scheme, host or parent steps, so `#load=` can never reach another host. */
export function isSafeRelativePath(path: string): boolean {
  return /^[A-Za-z0-9._~/-]+$/.test(path) && !path.startsWith('/') && !path.split('/').includes('..');
}
