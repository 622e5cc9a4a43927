/**
 * Loading without freezing the page: large files are simulated in a worker;
 * small ones (every shipped example) load synchronously, which is faster than
 * starting a worker. Falls back to the main thread if workers are unavailable.
 */
import { loadInput, type LoadOutcome } from '../model/load-input';
import type { SimulationRequest } from './sim-worker';

/** Files larger than this are handed to the worker. */
export const WORKER_THRESHOLD_BYTES = 100_000;

export function loadInputAsync(text: string, fileName: string, scenarioKey: string | null = null): Promise<LoadOutcome> {
  if (text.length < WORKER_THRESHOLD_BYTES || typeof Worker === 'undefined') return Promise.resolve(loadInput(text, fileName, scenarioKey));
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(loadInput(text, fileName, scenarioKey));
      return;
    }
    worker.onmessage = (event: MessageEvent<LoadOutcome>) => {
      worker.terminate();
      resolve(event.data);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ ok: false, problems: [`${fileName}: the simulation failed: ${event.message || 'worker error'}`] });
    };
    const request: SimulationRequest = { text, fileName, scenarioKey };
    worker.postMessage(request);
  });
}
