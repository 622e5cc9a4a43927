/**
 * Loads a run off the main thread: reads the bytes (streamed, so a report larger
 * than any string still loads), parses a report join by join, or simulates a
 * scenario with the same engine and code path as the synchronous load, and
 * builds the run's digest. The page gets joins in batches and the digest at the end.
 */
import type { JoinReport, RunReport } from '../../engine/index';
import { isJoinLike, isRecord, loadInput, looksLikeTrace, normaliseJoin, withHeadDefaults, type LoadStage } from '../model/load-input';
import { createReportScanner } from '../model/report-stream';
import { createDigestBuilder, type RunDigest } from '../model/run-digest';
import type { Dataset } from '../model/dataset';
import type { LoadMessage, LoadRequest } from './load-protocol';

/** Joins per message: big enough to keep the message count low, small enough that taking one is a short task. */
const BATCH = 2000;
/** Bytes kept in case a .json file turns out not to be a report (a scenario to simulate). */
const KEEP_FOR_SCENARIO = 256 * 2 ** 20;
const PROGRESS_EVERY = 8 * 2 ** 20;

// The DOM lib types `self` as a Window; in a dedicated worker only these two members matter.
const scope = self as unknown as { onmessage: ((event: MessageEvent<LoadRequest>) => void) | null; postMessage(message: LoadMessage, transfer?: Transferable[]): void };

class StageError extends Error {
  constructor(
    readonly stage: LoadStage,
    message: string,
  ) {
    super(message);
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  load(request).catch((error: unknown) => {
    const stage = error instanceof StageError ? error.stage : 'parsing';
    scope.postMessage({ type: 'failed', stage, problems: [`${request.fileName}: ${error instanceof Error ? error.message : String(error)}`] });
  });
};

async function open(request: LoadRequest): Promise<{ stream: ReadableStream<Uint8Array>; total: number }> {
  const { source } = request;
  try {
    if (source.kind === 'text') {
      const blob = new Blob([source.text]);
      return { stream: blob.stream(), total: blob.size };
    }
    if (source.kind === 'file') return { stream: source.file.stream(), total: source.file.size };
    const response = await fetch(source.path, { credentials: 'omit' });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    return { stream: response.body, total: Number(response.headers.get('content-length') ?? 0) };
  } catch (error) {
    throw new StageError('reading', `could not read the file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function load(request: LoadRequest): Promise<void> {
  const { fileName } = request;
  const lower = fileName.toLowerCase();
  const { stream, total } = await open(request);
  const reader = stream.getReader();
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let done = 0;
  let nextProgress = PROGRESS_EVERY;
  // Only JSON can be a report; YAML and JSON lines go straight to the text path.
  let scanning = !lower.endsWith('.jsonl') && !/\.ya?ml$/.test(lower);
  let scanError: unknown = null;
  // A report alone does not say who was resident at t = 0: infer it from the answers.
  const builder = createDigestBuilder({ inferResidency: true });
  let batch: JoinReport[] = [];
  let sent = 0;
  let lastFinish = 0;
  const scanner = createReportScanner((value) => {
    if (!isJoinLike(value)) throw new SyntaxError(`joins[${sent + batch.length}]: not a join (it needs id, user, room and attempts)`);
    const join = normaliseJoin(value);
    lastFinish = Math.max(lastFinish, join.finishedAt);
    builder.addJoin(join);
    batch.push(join);
    if (batch.length >= BATCH) flush();
  });
  const flush = (): void => {
    if (!batch.length) return;
    scope.postMessage({ type: 'joins', joins: batch });
    sent += batch.length;
    batch = [];
  };
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new StageError('reading', `could not read the file: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (chunk.done) break;
    const bytes = chunk.value;
    done += bytes.length;
    if (keptBytes < KEEP_FOR_SCENARIO) {
      kept.push(bytes);
      keptBytes += bytes.length;
    }
    if (scanning) {
      try {
        scanner.push(bytes);
      } catch (error) {
        scanning = false;
        scanError = error;
      }
    }
    if (done >= nextProgress) {
      nextProgress += PROGRESS_EVERY;
      scope.postMessage({ type: 'progress', stage: 'reading', done, total });
    }
  }
  if (scanning) {
    try {
      const { head, sawJoins } = scanner.end();
      if (sawJoins && head.fedsim === 1 && isRecord(head.errcodeMatrix)) {
        flush();
        const report = withHeadDefaults({ ...(head as unknown as RunReport), joins: [] }, lastFinish);
        finish({ name: report.scenario || fileName, source: 'report', scenarioKey: null, report, trace: [], scenario: null }, builder.finish());
        return;
      }
      if (sawJoins) scanError = new SyntaxError('not a fedsim run report (it needs "fedsim": 1 and an "errcodeMatrix")');
    } catch (error) {
      scanError = error;
    }
  }
  if (sent) scope.postMessage({ type: 'discard' });
  if (keptBytes < done) throw new StageError('parsing', `not a run report (${describe(scanError)}), and too large to simulate in the browser`);
  const text = new TextDecoder().decode(concat(kept, keptBytes));
  // A .json report the scanner rejected is not a scenario either: say what was wrong with it.
  if (scanError && lower.endsWith('.json') && /"joins"\s*:/.test(text.slice(0, 4096)) && !looksLikeTrace(text)) throw new StageError('parsing', describe(scanError));
  fromText(request, text);
}

/** Scenarios (simulated here) and traces: the same code as the synchronous load, then a digest instead of the trace. */
function fromText(request: LoadRequest, text: string): void {
  // A scenario's trace goes straight into the digest, never into an array of a million records.
  // Only a simulated scenario knows its t = 0 residency; a loaded trace infers it from answers.
  const builder = createDigestBuilder({ inferResidency: request.fileName.toLowerCase().endsWith('.jsonl') || looksLikeTrace(text) });
  const outcome = loadInput(text, request.fileName, request.scenarioKey, (record) => builder.addTrace(record));
  if (!outcome.ok) {
    scope.postMessage({ type: 'failed', stage: outcome.stage ?? 'parsing', problems: outcome.problems });
    return;
  }
  const { dataset } = outcome;
  // A loaded trace file was kept whole by loadInput; a simulated scenario's went to the builder.
  for (const record of dataset.trace) builder.addTrace(record);
  for (const join of dataset.report.joins) builder.addJoin(join);
  const digest = builder.finish();
  const joins = dataset.report.joins;
  for (let i = 0; i < joins.length; i += BATCH) scope.postMessage({ type: 'joins', joins: joins.slice(i, i + BATCH) });
  const scenario = dataset.scenario;
  if (scenario) for (let i = 0; i < scenario.timeline.length; i += BATCH) scope.postMessage({ type: 'actions', actions: scenario.timeline.slice(i, i + BATCH) });
  // The trace stays here: the digest holds what the views need of it.
  finish({ ...dataset, report: { ...dataset.report, joins: [] }, trace: [], scenario: scenario ? { ...scenario, timeline: [] } : null }, digest);
}

function finish(dataset: Dataset, digest: RunDigest): void {
  const c = digest.changes;
  const a = digest.answers;
  const transfer = [digest.moments, c.t, c.server, c.room, c.resident, c.event, c.start, c.order, a.at, a.server, a.answer].map((array) => array.buffer as ArrayBuffer);
  scope.postMessage({ type: 'done', dataset: { ...dataset, digest } }, transfer);
}

function concat(pieces: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error ?? 'unknown problem');
}
