/**
 * The why panel: for the selected join, one plain sentence per attempt (who was
 * asked, what it answered and its own reason), the message the user's client got,
 * and the report's `explanation` when there is one, all as text.
 */
import { explainJoins, type JoinReport, type Scenario } from '../../../engine/index';
import { explanationText } from '../../model/explanation';
import { answerOf, glossOf } from '../../model/answers';
import { serverPart } from '../../model/dataset';
import { lintByRoom } from '../../model/participation';
import type { ExplainAnswer, ExplainRequest } from '../explain-worker';
import { candidatesOf } from '../../model/ladder';
import { phaseOf } from '../../model/attempt-times';
import { clear, el } from '../dom';
import type { Store } from '../store';

/** Up to this many joins, explaining on the page is quicker than starting a worker. */
const EXPLAIN_IN_PAGE = 500;

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
    if (join.outcome !== 'joined' && join.attempts.length === 0) {
      host.append(el('p', { class: 'why-local', id: 'why-local' }, `${join.joiner ?? serverPart(join.user)}, the joining server itself, refused the join without asking another server: ${join.status} ${join.errcode ?? ''}.`.replace(' .', '.')));
    }
    // The fix next to the failure: what the linter found about this room.
    const findings = join.outcome === 'joined' ? [] : (lintByRoom(dataset.report.lint).get(join.room) ?? []);
    if (findings.length) {
      const box = el('div', { class: 'why-lint', id: 'why-lint' });
      box.append(el('h3', {}, `What the linter found about ${join.room}`));
      for (const finding of findings.slice(0, 4)) {
        const p = el('p', { class: finding.severity });
        p.append(el('strong', {}, `${finding.severity} ${finding.code}: `), document.createTextNode(finding.message));
        box.append(p);
        if (finding.fix) box.append(el('p', { class: 'why-fix' }, `Fix: ${finding.fix}`));
      }
      host.append(box);
    }
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
    } else if (dataset.scenario) {
      const button = el('button', { type: 'button', id: 'explain' }, 'Explain this join (what each server knew, and a fix)');
      const scenario = dataset.scenario;
      const small = dataset.report.joins.length <= EXPLAIN_IN_PAGE;
      button.addEventListener('click', () => {
        button.disabled = true;
        button.textContent = small ? 'Explaining…' : 'Explaining in the background (this re-simulates the run)…';
        const done = (value: unknown): void => {
          computed.set(join, value);
          const { dataset: now, selected: selectedNow } = store.get();
          if (now === dataset && selectedNow === selected) render();
        };
        if (small) {
          // Let the label paint before the re-simulations start.
          setTimeout(() => done(explainHere(scenario, join.id)), 0);
        } else void explainInWorker(scenario, join.id).then(done);
      });
      host.append(button);
    } else if (join.outcome !== 'joined') {
      host.append(el('p', { class: 'muted' }, 'To explain this join, load its scenario (or a report written by `fedsim explain --report`).'));
    }
  };
  store.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset || state.selected !== previous.selected || state.t !== previous.t) render();
  });
  render();
}

function explainHere(scenario: Scenario, join: string): unknown {
  try {
    return explainJoins(scenario, { joins: [join] }).explanations[0] ?? 'The engine had nothing to explain for this join.';
  } catch (error) {
    return `Could not explain: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function explainInWorker(scenario: Scenario, join: string): Promise<unknown> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('../explain-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(explainHere(scenario, join));
      return;
    }
    worker.onmessage = (event: MessageEvent<ExplainAnswer>) => {
      worker.terminate();
      resolve(event.data.ok ? event.data.explanation : `Could not explain: ${event.data.message}`);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve(`Could not explain: ${event.message || 'the background worker stopped'}`);
    };
    const request: ExplainRequest = { scenario, join };
    worker.postMessage(request);
  });
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
