/**
 * Small scenarios for the diagnose tests: a space on hs1 and a restricted room
 * that allows it, varied per test; and the shipped gallery, loaded from disk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, loadScenario, validateScenario, type Scenario } from '../../engine/index';

export const GALLERY_DIR = join(import.meta.dirname, '../../scenarios/gallery');
export const SCENARIOS_DIR = join(import.meta.dirname, '../../scenarios');

type Raw = Record<string, unknown>;

/** hs1 hosts the space and the restricted room (admin may invite); hs2 has a space member; hs3 a bystander. */
export function spaceAndRoom(room: Raw = {}, top: Raw = {}): Raw {
  return {
    fedsim: 1,
    name: 'fixture',
    servers: [
      { name: 'hs1', users: ['admin'] },
      { name: 'hs2', users: ['dave'] },
      { name: 'hs3', users: ['bystander'] },
    ],
    rooms: [
      { id: '!space:hs1', creator: '@admin:hs1', members: { '@dave:hs2': 'join' } },
      {
        id: '!room:hs1',
        creator: '@admin:hs1',
        joinRule: 'restricted',
        allow: ['!space:hs1'],
        powerLevels: { invite: 50, users: { '@admin:hs1': 100 } },
        ...room,
      },
    ],
    ...top,
  };
}

export function scenarioOf(raw: unknown): Scenario {
  // Through JSON, so that keys set to undefined in a test are left out, as in a file.
  const result = validateScenario(JSON.parse(JSON.stringify(raw)), 'fixture.yaml');
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

export function loadFile(path: string): Scenario {
  const result = loadScenario(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.scenario;
}

export function galleryFiles(): string[] {
  return readdirSync(GALLERY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(GALLERY_DIR, f));
}
