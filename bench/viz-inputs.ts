/**
 * The big federations the visualiser is measured and tested on: `fedsim
 * generate` output with a few crashes, recoveries and a partition added (so the
 * timeline has marks), and its report from `fedsim run`. Written once into a
 * temporary folder, never into the repository.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FEDSIM = new URL('../bin/fedsim.mjs', import.meta.url).pathname;
const DIR = join(tmpdir(), 'fedsim-viz-bench');

/** Generates the scenario (with a few crashes and a partition, so the timeline has marks) and its report, once. */
export function benchInputs(size: { servers: number; rooms: number; joins: number }): { scenario: string; report: string } {
  mkdirSync(DIR, { recursive: true });
  const base = join(DIR, `viz-${size.servers}x${size.joins}`);
  const scenario = `${base}.json`;
  const report = `${base}-report.json`;
  if (!existsSync(scenario)) {
    const raw = execFileSync(process.execPath, [FEDSIM, 'generate', '--servers', String(size.servers), '--rooms', String(size.rooms), '--joins', String(size.joins), '--seed', '1', '--mix', 'synapse=0.8,dendrite=0.1,conduwuit=0.1'], { maxBuffer: 2 ** 31 - 1 });
    const value = JSON.parse(raw.toString('utf8')) as { timeline: Record<string, unknown>[]; servers: { name: string }[] };
    const names = value.servers.map((s) => s.name);
    const pick = (i: number): string => names[(i * 97 + 13) % names.length] as string;
    for (let i = 0; i < 5; i++) value.timeline.push({ at: 5_000 + i * 20_000, do: 'crash', server: pick(i) }, { at: 15_000 + i * 20_000, do: 'recover', server: pick(i) });
    value.timeline.push({ at: 120_000, do: 'partition', groups: [names.slice(0, 3), names.slice(3, 6)] }, { at: 130_000, do: 'heal' });
    writeFileSync(scenario, JSON.stringify(value));
  }
  if (!existsSync(report)) execFileSync(process.execPath, [FEDSIM, 'run', scenario, '--report', report], { stdio: 'ignore', maxBuffer: 2 ** 31 - 1 });
  return { scenario, report };
}

