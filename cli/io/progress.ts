/**
 * The progress bar of long runs, on stderr. The engine reports (events, simulated
 * time) every so many events and knows no clock; the wall-clock decisions live
 * here: nothing is shown for runs under a second, a bar is drawn when stderr is a
 * terminal, and plain lines (at most one a second) when `--progress` asks for
 * progress on a stderr that is not a terminal (CI logs).
 */
import cliProgress from 'cli-progress';
import type { CliIo } from '../cli-context';

export interface Progress {
  /** Give to the engine as `onProgress`. */
  update(events: number, simTime: number): void;
  /** Clears the bar (or ends the lines); call when the run ends, even by an error. */
  stop(): void;
}

/** Runs shorter than this show nothing. */
const QUIET_MS = 1000;

/**
 * Progress for a run whose timeline ends at `lastActionAt` ms of simulated time
 * (the bar follows simulated time, the one measure of "how far" known up front).
 * `requested`: `--progress` (true), `--no-progress` (false) or neither (undefined).
 * `label` starts the bar and each line (what is running).
 */
export function createProgress(io: CliIo, lastActionAt: number, requested: boolean | undefined, label = 'fedsim run'): Progress {
  const enabled = requested ?? io.stderrIsTTY;
  if (!enabled) return { update() {}, stop() {} };
  const started = Date.now();
  const total = Math.max(1, lastActionAt);
  const asBar = io.stderrIsTTY;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  const percentOf = (simTime: number): number => Math.min(100, Math.floor((100 * simTime) / total));
  return {
    update(events, simTime) {
      const now = Date.now();
      const elapsed = now - started;
      if (elapsed < QUIET_MS) return;
      const rate = Math.round(events / (elapsed / 1000));
      const payload = { events: events.toLocaleString('en'), rate: rate.toLocaleString('en'), sim: (simTime / 1000).toFixed(1) };
      if (asBar) {
        if (bar === null) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: `${label} [{bar}] {percentage}% | sim {sim} s | {events} events | {rate} ev/s`, hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(100, 0, payload);
        }
        bar.update(percentOf(simTime), payload);
      } else if (now - lastLine >= 1000) {
        lastLine = now;
        io.stderr(`${label}: ${percentOf(simTime)}% of the timeline, sim ${payload.sim} s, ${payload.events} events, ${payload.rate} ev/s\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** Progress of a job counted in steps (a sweep's runs). */
export interface CountProgress {
  /** `done` steps of the total are finished. */
  update(done: number): void;
  stop(): void;
}

/**
 * Progress over `total` steps (a sweep's points × replications) with the time left
 * estimated from the pace so far; the same quiet start, bar and CI lines as
 * createProgress.
 */
export function createCountProgress(io: CliIo, total: number, requested: boolean | undefined, label: string, unit = 'runs'): CountProgress {
  const enabled = requested ?? io.stderrIsTTY;
  if (!enabled || total <= 0) return { update() {}, stop() {} };
  const started = Date.now();
  const asBar = io.stderrIsTTY;
  let bar: cliProgress.SingleBar | null = null;
  let lastLine = 0;
  return {
    update(done) {
      const now = Date.now();
      const elapsed = now - started;
      if (elapsed < QUIET_MS && done < total) return;
      const left = done === 0 ? '?' : formatSeconds(((total - done) * elapsed) / done / 1000);
      if (asBar) {
        if (bar === null) {
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: `${label} [{bar}] {value}/{total} ${unit} | {left} left`, hideCursor: true, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0, { left });
        }
        bar.update(done, { left });
      } else if (now - lastLine >= 1000 || done === total) {
        lastLine = now;
        io.stderr(`${label}: ${done}/${total} ${unit}, ${left} left\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.ceil(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
}
