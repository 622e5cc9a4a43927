/**
 * The colour legend: every answer category of the loaded run with its swatch and
 * plain-words meaning, so colour never has to be decoded from memory.
 */
import { answerOf, compareAnswers, glossOf } from '../../model/answers';
import { colourOf, ROLE_COLOURS } from '../../model/palette';
import { clear, el } from '../dom';
import type { Store } from '../store';

export function mountLegend(host: HTMLElement, store: Store): void {
  let shown: object | null = null;
  const render = (): void => {
    const dataset = store.get().dataset;
    if (dataset === shown) return;
    shown = dataset;
    clear(host);
    if (!dataset) return;
    const answers = new Set<string>(['200']);
    for (const join of dataset.report.joins) for (const attempt of join.attempts) answers.add(answerOf(attempt));
    const list = el('ul', { class: 'legend', 'aria-label': 'Colour legend' });
    for (const answer of [...answers].sort(compareAnswers)) list.append(item(colourOf(answer), answer, glossOf(answer)));
    list.append(item(ROLE_COLOURS.joiner, 'joining server', ''), item(ROLE_COLOURS.pending, 'waiting for an answer', ''));
    host.append(list);
  };
  store.subscribe(render);
  render();
}

function item(colour: string, label: string, gloss: string): HTMLElement {
  const li = el('li');
  const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = colour;
  li.append(swatch, el('span', { class: 'legend-label' }, label));
  if (gloss) li.append(el('span', { class: 'legend-gloss' }, ` ${gloss}`));
  return li;
}
