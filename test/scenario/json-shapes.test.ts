import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { firstListItem, primeJsonShapes } from '../../engine/scenario/json-shapes';

describe('firstListItem', () => {
  it('finds the first object of the list under a key, whatever the spacing', () => {
    expect(firstListItem('{"servers": [ {"name":"a"}, {"name":"b"}]}', 'servers')).toBe('{"name":"a"}');
    expect(firstListItem('{"timeline":[{"at":1,"via":["x"]},{"at":2}]}', 'timeline')).toBe('{"at":1,"via":["x"]}');
    expect(firstListItem('{\n  "rooms" :\n  [\n    {"id": "!r:a", "members": {"@u:a": "join"}}\n  ]\n}', 'rooms')).toBe('{"id": "!r:a", "members": {"@u:a": "join"}}');
  });

  it('steps over braces and escaped quotes inside strings', () => {
    const item = '{"at":1,"note":"a } and \\" and { too","via":["x"]}';
    expect(firstListItem(`{"timeline":[${item},{"at":2}]}`, 'timeline')).toBe(item);
  });

  it('skips the key where it is not a list of objects, and finds it further on', () => {
    const text = '{"description":"the \\"timeline\\": [{ is here\\"","name":"timeline","timeline":[{"at":5}]}';
    expect(firstListItem(text, 'timeline')).toBe('{"at":5}');
    expect(firstListItem('{"timeline":[]}', 'timeline')).toBeNull();
    expect(firstListItem('{"timeline":[1,2]}', 'timeline')).toBeNull();
    expect(firstListItem('{"rooms":[]}', 'timeline')).toBeNull();
  });

  it('gives up on an object that does not close (cut-off text) or is too long to be worth parsing alone', () => {
    expect(firstListItem('{"timeline":[{"at":1,"via":["x"]', 'timeline')).toBeNull();
    expect(firstListItem(`{"rooms":[{"members":{${'"@u:a":"join",'.repeat(10_000)}"@v:a":"join"}}]}`, 'rooms')).toBeNull();
  });

  it('primes without a word on text that is not JSON at all', () => {
    expect(() => primeJsonShapes(`{"timeline":[{"at":]${' '.repeat(1 << 20)}`)).not.toThrow();
  });
});

/**
 * The reason for priming, seen in V8 itself (a fresh node, which shares no
 * hidden classes with this one): a file whose rooms' member maps, each with its
 * own user IDs as keys, come before the timeline leaves every timeline entry
 * parsed by plain JSON.parse with a hidden class of its own; parsed as a
 * scenario, the entries share one. The file is written as text, not built from
 * object literals, which would lay down the entries' shape themselves.
 */
describe('a big scenario file parsed with its shapes primed', () => {
  const parseModule = fileURLToPath(new URL('../../engine/scenario/parse.ts', import.meta.url));
  const child = (how: 'plain' | 'scenario'): number => {
    const script = `
      import { parseScenarioText } from ${JSON.stringify(parseModule)};
      const rooms = [];
      for (let i = 0; i < 3000; i++) {
        const members = [0, 1, 2, 3, 4].map((m) => '"@u' + i + 'x' + m + ':s' + m + '":"join"').join(',');
        rooms.push('{"id":"!r' + i + ':s0","version":"10","creator":"@c:s0","joinRule":"public","members":{' + members + '}}');
      }
      const timeline = [];
      for (let i = 0; i < 8000; i++) timeline.push('{"at":' + i + ',"do":"join","user":"@u' + i + ':s1","room":"!r1:s0","via":["s0"]}');
      const text = '{"fedsim":1,"name":"shapes","seed":"0","servers":[],"rooms":[' + rooms.join(',\\n') + '],"timeline":[' + timeline.join(',\\n') + ']}';
      const value = ${how === 'plain' ? 'JSON.parse(text)' : "parseScenarioText(text, 'shapes.json').value"};
      const entries = value.timeline;
      let shared = 0;
      for (let i = 1; i < entries.length; i++) if (%HaveSameMap(entries[i], entries[0])) shared++;
      console.log(text.length > 1 << 20 ? shared / (entries.length - 1) : 'too small to be primed');
    `;
    const run = spawnSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    return Number(run.stdout.trim());
  };

  it('gives the timeline entries one hidden class, where plain JSON.parse gives each its own', () => {
    expect(child('plain')).toBeLessThan(0.01);
    expect(child('scenario')).toBeGreaterThan(0.99);
  });
});
