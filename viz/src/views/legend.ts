/**
 * The colour legend: every answer category of the loaded run with its swatch and
 * plain-words meaning, so colour never has to be decoded from memory.
 */
import { glossOf, shapeOf } from '../../model/answers';
import { digestOf } from '../../model/dataset';
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
    // Answers of attempts and final results alike (a 502 M_UNKNOWN may only ever be a final result).
    const list = el('ul', { class: 'legend', 'aria-label': 'Colour legend' });
    for (const answer of digestOf(dataset).legend) list.append(item(colourOf(answer), `${shapeOf(answer)} ${answer}`, glossOf(answer), answer));
    list.append(item(ROLE_COLOURS.joiner, 'joining server', ''), item(ROLE_COLOURS.pending, '◌ waiting for an answer', ''), item('#FFFFFF', 'down / partitioned', 'server crashed or cut off at t (dashed outline)', '', 'down'));
    host.append(list);
  };
  store.subscribe(render);
  render();
}

function item(colour: string, label: string, gloss: string, answer = '', extra = ''): HTMLElement {
  const li = el('li', answer ? { 'data-answer': answer } : {});
  const swatch = el('span', { class: `swatch${extra ? ` ${extra}` : ''}`, 'aria-hidden': 'true' });
  swatch.style.background = colour;
  li.append(swatch, el('span', { class: 'legend-label' }, label));
  if (gloss) li.append(el('span', { class: 'legend-gloss' }, ` ${gloss}`));
  return li;
}
