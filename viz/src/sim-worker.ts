/**
 * Simulates a large scenario off the main thread, so the page keeps answering
 * while the engine runs (a 10,000-join run takes seconds). Same engine, same
 * code path as the synchronous load: only where it runs differs.
 */
import { loadInput } from '../model/load-input';

export interface SimulationRequest {
  text: string;
  fileName: string;
  scenarioKey: string | null;
}

// The DOM lib types `self` as a Window; in a dedicated worker only these two members matter.
const scope = self as unknown as { onmessage: ((event: MessageEvent<SimulationRequest>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = (event) => {
  const { text, fileName, scenarioKey } = event.data;
  scope.postMessage(loadInput(text, fileName, scenarioKey));
};
