/**
 * The why panel: for the selected join, one plain sentence per attempt (who was
 * asked, what it answered and its own reason), the message the user's client got,
 * and the report's `explanation` when there is one, all as text.
 */
import { explainJoins, type JoinReport } from '../../../engine/index';
import { explanationText } from '../../model/explanation';
import { answerOf, glossOf } from '../../model/answers';
import { candidatesOf } from '../../model/ladder';
import { phaseOf } from '../../model/attempt-times';
import { clear, el } from '../dom';
import type { Store } from '../store';

/** Explaining re-simulates the scenario several times; past this many joins it is left to `fedsim explain`. */
const MAX_JOINS_TO_EXPLAIN = 500;

export function mountWhy(host: HTMLElement, store: Store): void {
  // Explanations computed here on request, per join object (so a newly loaded run starts clean).
  const computed = new WeakMap<JoinReport, unknown>();
  const render = (): void => {
    const { dataset, selected, t } = store.get();
    clear(host);
    const join = dataset && selected !== null ? dataset.report.joins[selected] : undefined;
    if (!dataset || !join) {
      host.append(el('p', { class: 'muted' }, 'Select a join to see why each server answered as it did.'));
      return;
    }
    const done = t >= join.finishedAt;
    host.append(el('p', { class: 'why-headline' }, done ? headline(join) : `${join.id}: ${join.user} → ${join.room}, ${t < join.at ? 'not started' : 'in progress'} at t = ${t} ms (move the timeline to the end to see the outcome).`));
    const list = el('ol', { class: 'why-attempts' });
    let later = 0;
    join.attempts.forEach((attempt, index) => {
      const phase = phaseOf(join, index, attempt, t);
      if (phase === 'future') {
        later++;
        return;
      }
      if (phase === 'in-flight') {
        const item = el('li', { 'data-server': attempt.server });
        item.append(el('strong', {}, attempt.server), document.createTextNode(` (${attempt.step}) was asked at ${attempt.at} ms; no answer yet.`));
        list.append(item);
        return;
      }
      const answer = answerOf(attempt);
      const item = el('li', { 'data-server': attempt.server });
      item.append(
        el('strong', {}, attempt.server),
        document.createTextNode(` (${attempt.step}) answered ${attempt.status === 0 ? 'nothing' : `${attempt.status} ${attempt.errcode ?? ''}`.trim()}: ${glossOf(answer)}.`),
      );
      if (attempt.reason) item.append(el('span', { class: 'why-reason' }, ` Its reason: ${attempt.reason}`));
      if (attempt.decision) item.append(el('span', { class: 'muted' }, ` Then the joining server ${decisionWords(attempt.decision)}.`));
      list.append(item);
    });
    if (list.childElementCount) host.append(list);
    if (later) host.append(el('p', { class: 'muted' }, `${later} more request${later === 1 ? '' : 's'} after t = ${t} ms.`));
    if (!done) return;
    const asked = new Set(join.attempts.map((a) => a.server));
    const never = candidatesOf(dataset, join).filter((s) => !asked.has(s));
    if (never.length) host.append(el('p', {}, `Never asked: ${never.join(', ')} (the join ended before reaching them).`));
    if (join.message) host.append(el('p', { class: 'why-message' }, `The client was told: ${join.message}`));
    const text = explanationText((join as JoinReport & { explanation?: unknown }).explanation ?? computed.get(join));
    if (text) {
      const box = el('div', { class: 'why-explanation', id: 'explanation' });
      box.append(el('h3', {}, 'Explanation'));
      for (const line of text.summary) box.append(el('p', {}, line));
      if (text.attempts.length) {
        box.append(el('p', {}, 'What would have changed each answer:'));
        const list = el('ul');
        for (const line of text.attempts) list.append(el('li', {}, line));
        box.append(list);
      }
      for (const line of text.fixes) box.append(el('p', { class: 'why-fix' }, line));
      host.append(box);
    } else if (dataset.scenario && dataset.report.joins.length <= MAX_JOINS_TO_EXPLAIN) {
      const button = el('button', { type: 'button', id: 'explain' }, 'Explain this join (what each server knew, and a fix)');
      const scenario = dataset.scenario;
      button.addEventListener('click', () => {
        button.disabled = true;
        button.textContent = 'Explaining…';
        // Let the label paint before the re-simulations start.
        setTimeout(() => {
          try {
            const explained = explainJoins(scenario, { joins: [join.id] }).explanations[0];
            computed.set(join, explained ?? 'The engine had nothing to explain for this join.');
          } catch (error) {
            computed.set(join, `Could not explain: ${error instanceof Error ? error.message : String(error)}`);
          }
          render();
        }, 0);
      });
      host.append(button);
    }
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.t !== previous.t) render();
  });
  render();
}

function headline(join: JoinReport): string {
  if (join.outcome === 'joined') return `${join.id}: ${join.user} joined ${join.room}${join.resident ? ` through ${join.resident}` : ''}${join.authorisedBy ? `, authorised by ${join.authorisedBy}` : ''}.`;
  return `${join.id}: ${join.user} could not join ${join.room} (${join.status} ${join.errcode ?? ''}).`.replace(' )', ')');
}

function decisionWords(decision: string): string {
  switch (decision) {
    case 'next':
      return 'tried the next server';
    case 'success':
      return 'went on';
    case 'abort':
      return 'gave up';
    case 'retry':
      return 'retried';
    default:
      return decision;
  }
}
