/**
 * The shareable state in the URL fragment:
 * `#scenario=examples/seed-failover&join=joiner&t=1200`, or `#load=loaded/run.json`
 * for a file served next to the page. Only same-origin relative paths are loaded.
 */
export interface UrlState {
  scenario: string | null;
  load: string | null;
  join: string | null;
  t: number | null;
}

export function parseHash(hash: string): UrlState {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const t = params.get('t');
  const load = params.get('load');
  return {
    scenario: params.get('scenario'),
    load: load !== null && isSafeRelativePath(load) ? load : null,
    join: params.get('join'),
    t: t !== null && /^\d+$/.test(t) ? Number(t) : null,
  };
}

export function formatHash(state: UrlState): string {
  const params = new URLSearchParams();
  if (state.scenario) params.set('scenario', state.scenario);
  else if (state.load) params.set('load', state.load);
  if (state.join) params.set('join', state.join);
  if (state.t !== null) params.set('t', String(state.t));
  // Slashes read better unescaped and are legal in a fragment.
  const text = params.toString().replace(/%2F/gi, '/');
  return text ? `#${text}` : '';
}

/** A path without scheme, host or parent steps, so `#load=` can never reach another host. */
export function isSafeRelativePath(path: string): boolean {
  return /^[A-Za-z0-9._~/-]+$/.test(path) && !path.startsWith('/') && !path.split('/').includes('..');
}
