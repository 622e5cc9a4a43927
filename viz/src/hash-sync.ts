/**
 * Keeps the URL fragment and the state in step: the fragment names the shipped
 * scenario (or the loaded path), the selected join and the time, so a link shows
 * the same picture. replaceState keeps scrubbing out of the history.
 */
import { formatHash } from '../model/url-state';
import type { Store } from './store';

export function syncHash(store: Store): void {
  let timer = 0;
  store.subscribe((state) => {
    window.clearTimeout(timer);
    // Scrubbing changes t many times a second; the fragment only needs the last one.
    timer = window.setTimeout(() => {
      const dataset = state.dataset;
      if (!dataset) return;
      const join = state.selected !== null ? (dataset.report.joins[state.selected]?.id ?? null) : null;
      const hash = formatHash({
        scenario: dataset.scenarioKey,
        load: dataset.scenarioKey ? null : (dataset.loadedFrom ?? null),
        file: dataset.fileName ?? null,
        join,
        overview: state.selected === null,
        t: state.t,
        filter: state.filter,
      });
      if (hash !== window.location.hash) history.replaceState(null, '', hash || window.location.pathname + window.location.search);
    }, 80);
  });
}
