/**
 * `--timings`: where a command's time goes. Each phase is closed by a mark, so
 * callers add one line per phase boundary. Printed on stderr, one line per phase
 * (wall time, and the process's peak resident memory so far, which only ever
 * grows), so standard output stays the report or summary.
 */
import type { CliIo } from '../cli-context';

export interface PhaseTimings {
  /** Ends the phase called `name`: the time since the previous mark (or since start) is its wall time. */
  mark(name: string): void;
  /** Prints every phase and the total (when timings were asked for). */
  print(): void;
}

interface Phase {
  name: string;
  ms: number;
  peakRssMiB: number;
}

function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Timings from now on; printed on `io.stderr` only when `enabled`. A disabled one costs one clock read per mark. */
export function startTimings(io: CliIo, enabled: boolean | undefined): PhaseTimings {
  const started = performance.now();
  let last = started;
  const phases: Phase[] = [];
  return {
    mark(name) {
      const now = performance.now();
      phases.push({ name, ms: now - last, peakRssMiB: enabled ? peakRssMiB() : 0 });
      last = now;
    },
    print() {
      if (!enabled) return;
      const total = performance.now() - started;
      const lines = phases.map((p) => `fedsim: timing: ${p.name.padEnd(9)} ${formatMs(p.ms)} ms, peak RSS ${p.peakRssMiB} MiB`);
      lines.push(`fedsim: timing: ${'total'.padEnd(9)} ${formatMs(total)} ms, peak RSS ${peakRssMiB()} MiB (from the command's start; node's own start-up not included)`);
      io.stderr(lines.join('\n') + '\n');
    },
  };
}

function formatMs(ms: number): string {
  return Math.round(ms).toString().padStart(7);
}
