/**
 * Explains one join off the main thread: explaining re-simulates the scenario
 * several times, seconds on a 100,000-join run, and the page must keep answering.
 */
import { explainJoins, type Scenario } from '../../engine/index';

export interface ExplainRequest {
  scenario: Scenario;
  join: string;
}

export type ExplainAnswer = { ok: true; explanation: unknown } | { ok: false; message: string };

const scope = self as unknown as { onmessage: ((event: MessageEvent<ExplainRequest>) => void) | null; postMessage(message: ExplainAnswer): void };

scope.onmessage = (event) => {
  const { scenario, join } = event.data;
  try {
    const explained = explainJoins(scenario, { joins: [join] }).explanations[0];
    scope.postMessage({ ok: true, explanation: explained ?? 'The engine had nothing to explain for this join.' });
  } catch (error) {
    scope.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
