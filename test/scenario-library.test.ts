/**
 * Every scenario shipped in scenarios/ loads, runs, and meets its expectations.
 * Each must also say what it shows (`description`) and expect something.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadScenario, runScenario } from '../engine/index';

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarioFiles(path);
      return /\.(ya?ml|json)$/.test(name) ? [path] : [];
    })
    .filter((path) => /^\s*(\{\s*")?fedsim"?\s*:\s*1/m.test(readFileSync(path, 'utf8')))
    .sort();
}

const files = scenarioFiles('scenarios');

describe('the scenario library', () => {
  it('is there', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files)('%s meets its expectations', (file) => {
    const loaded = loadScenario(readFileSync(file, 'utf8'), file);
    if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
    expect(loaded.scenario.description, 'a shipped scenario says what it shows').toBeTruthy();
    expect(loaded.scenario.expect.length, 'a shipped scenario expects something').toBeGreaterThan(0);
    const { report } = runScenario(loaded.scenario);
    const failed = report.expectations.filter((e) => !e.passed).map((e) => e.message);
    expect(failed).toEqual([]);
  });
});
