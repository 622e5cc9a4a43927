/**
 * Loading without freezing the page: large files are read, parsed or simulated
 * in a worker, which sends the joins in batches (each taken in its own short
 * task) and the run's digest at the end; small ones (every shipped example) load
 * synchronously, which is faster than starting a worker. Falls back to the main
 * thread if workers are unavailable.
 */
import type { JoinReport, TimelineAction as Action } from '../../engine/index';
import { loadInput, type LoadOutcome, type LoadStage } from '../model/load-input';
import type { LoadMessage, LoadRequest, LoadSource } from './load-protocol';

/** Files larger than this are handed to the worker. */
export const WORKER_THRESHOLD_BYTES = 100_000;

export interface LoadProgress {
  stage: LoadStage;
  done: number;
  total: number;
  joins: number;
}

export function loadInputAsync(text: string, fileName: string, scenarioKey: string | null = null, onProgress?: (progress: LoadProgress) => void): Promise<LoadOutcome> {
  if (text.length < WORKER_THRESHOLD_BYTES || typeof Worker === 'undefined') return Promise.resolve(loadInput(text, fileName, scenarioKey));
  return loadInWorker({ source: { kind: 'text', text }, fileName, scenarioKey }, onProgress);
}

/** Loads a file or a same-origin path in the worker, whatever its size. */
export function loadSourceAsync(source: LoadSource, fileName: string, onProgress?: (progress: LoadProgress) => void): Promise<LoadOutcome> {
  return loadInWorker({ source, fileName, scenarioKey: null }, onProgress);
}

function loadInWorker(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadOutcome> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./sim-worker.ts', import.meta.url), { type: 'module' });
    } catch (error) {
      resolve({ ok: false, stage: 'reading', problems: [`${request.fileName}: the background loader did not start: ${error instanceof Error ? error.message : String(error)}`] });
      return;
    }
    let joins: JoinReport[] = [];
    const actions: Action[] = [];
    let stage: LoadStage = 'reading';
    worker.onmessage = (event: MessageEvent<LoadMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'progress':
          stage = message.stage;
          onProgress?.({ stage, done: message.done, total: message.total, joins: joins.length });
          break;
        case 'joins':
          stage = 'parsing';
          // A loop: pushing a spread batch is one call with thousands of arguments.
          for (const join of message.joins) joins.push(join);
          break;
        case 'actions':
          for (const action of message.actions) actions.push(action);
          break;
        case 'discard':
          joins = [];
          stage = 'simulating';
          onProgress?.({ stage, done: 0, total: 0, joins: 0 });
          break;
        case 'done':
          worker.terminate();
          message.dataset.report.joins = joins;
          if (message.dataset.scenario) message.dataset.scenario.timeline = actions;
          resolve({ ok: true, dataset: message.dataset });
          break;
        case 'failed':
          worker.terminate();
          resolve({ ok: false, stage: message.stage, problems: message.problems });
          break;
      }
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({ ok: false, stage, problems: [`${request.fileName}: ${event.message || 'the background loader stopped'}`] });
    };
    worker.postMessage(request);
  });
}
