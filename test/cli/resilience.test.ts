/**
 * `fedsim resilience`: text for people, JSON for scripts, exit 0 / 1 (some room
 * broken or one failure away) / 2 (bad input), and --verify's joinsLost.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchDir } from './helpers';

const GALLERY = join(import.meta.dirname, '../../scenarios/gallery');
const single = join(GALLERY, 'single-authorising-server.yaml');

describe('fedsim resilience', () => {
  it('prints the critical servers and one line per room, riskiest first, each saying what to do; exit 1', async () => {
    const { code, stdout } = await runCli('resilience', single);
    expect(code).toBe(1);
    expect(stdout).toContain('hsa  1 room: !lab:hsa');
    const lines = stdout.split('\n').filter((l) => l.includes(' through '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^ {2}AT RISK {2}!lab:hsa through !guild:hsa: only hsa \(@admin:hsa\) can authorise joins\. Do: give @bob:hsb power 50 in !lab:hsa/);
    expect(lines[1]).toMatch(/^ {2}ok .*!den:hsa .*Nothing to do\.$/);
  });

  it('prints the JSON of the issue with --json --verify', async () => {
    const { code, stdout } = await runCli('resilience', single, '--json', '--verify');
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as { rooms: unknown[]; criticalServers: unknown[] };
    expect(parsed.rooms[0]).toEqual({ room: '!lab:hsa', minFailures: 1, allowed: [{ room: '!guild:hsa', authorisingServers: ['hsa'], minFailures: 1 }] });
    expect(parsed.criticalServers).toEqual([{ server: 'hsa', rooms: ['!lab:hsa'], joinsLost: ['x1-lab'] }]);
    // joinsLost only with --verify.
    const plain = JSON.parse((await runCli('resilience', single, '--json')).stdout) as { criticalServers: object[] };
    expect(plain.criticalServers[0]).not.toHaveProperty('joinsLost');
  });

  it('exits 0 when every allowed room has two authorising servers or more', async () => {
    const dir = scratchDir();
    const file = join(dir, 'sturdy.yaml');
    writeFileSync(
      file,
      [
        'fedsim: 1',
        'name: sturdy',
        'servers: [{ name: hs1, users: [a] }, { name: hs2, users: [b] }]',
        'rooms:',
        '  - { id: "!space:hs1", creator: "@a:hs1", members: { "@b:hs2": join } }',
        '  - { id: "!room:hs1", creator: "@a:hs1", joinRule: restricted, allow: ["!space:hs1"], powerLevels: { invite: 50, users: { "@a:hs1": 100, "@b:hs2": 50 } }, members: { "@b:hs2": join } }',
        '',
      ].join('\n'),
    );
    const { code, stdout } = await runCli('resilience', file);
    expect(code).toBe(0);
    expect(stdout).toContain('0 already broken, 0 one server failure away');
  });

  it('analyses the state at --at T, and refuses a negative time or a bad file with exit 2', async () => {
    const at = await runCli('resilience', single, '--at', '5500');
    expect(at.stdout).toContain('at 5500 ms: 2 restricted rooms; 1 already broken');
    const negative = await runCli('resilience', single, '--at', '-5');
    expect(negative.code).toBe(2);
    expect(negative.stderr).toContain('--at: expected a simulated time in ms, 0 or more, got -5');
    const dir = scratchDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'fedsim: 1\nname: x\nservers: []\nrooms:\n  - { id: "!r:hs1", creator: 12 }\n');
    const broken = await runCli('resilience', bad);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/bad\.yaml:rooms\[0\]\.creator: /);
    expect(broken.stderr).not.toContain('    at ');
  });
});
