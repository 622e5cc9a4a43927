/**
 * Reading scenario text: YAML or JSON by file name, syntax errors with their
 * line:column, duplicate keys, and the shapes the parser refuses up front.
 */

import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../engine/scenario/parse';
import { textProblems } from './helpers';

const MINIMAL_YAML = `fedsim: 1
name: minimal
servers:
  - { name: hs1, users: [alice] }
rooms:
  - { id: "!a:hs1", creator: "@alice:hs1" }
`;

const MINIMAL_JSON = JSON.stringify({
  fedsim: 1,
  name: 'minimal',
  servers: [{ name: 'hs1', users: ['alice'] }],
  rooms: [{ id: '!a:hs1', creator: '@alice:hs1' }],
});

describe('choosing the format', () => {
  it('reads .yaml, .yml and other names as YAML, and .json (any case) as JSON', () => {
    for (const file of ['s.yaml', 's.yml', 's.txt', 'noext']) expect(textProblems(MINIMAL_YAML, file)).toEqual([]);
    for (const file of ['s.json', 'S.JSON']) expect(textProblems(MINIMAL_JSON, file)).toEqual([]);
  });

  it('does not take YAML-only syntax in a .json file', () => {
    expect(textProblems(MINIMAL_YAML, 's.json')).toEqual(["s.json: 1:2: Unexpected token 'e'"]);
  });

  it('accepts a byte order mark in JSON', () => {
    expect(textProblems(`\uFEFF${MINIMAL_JSON}`, 's.json')).toEqual([]);
  });
});

describe('YAML errors', () => {
  it('reports duplicate keys with their position', () => {
    expect(textProblems(`${MINIMAL_YAML}name: again\n`, 'lab.yaml')).toEqual(['lab.yaml: 7:1: Map keys must be unique']);
  });

  it('reports every syntax error, in file order', () => {
    expect(textProblems('fedsim: 1\nfedsim: 1\nname: x\nname: y\nid: !x:hs1\n', 'lab.yaml')).toEqual([
      'lab.yaml: 2:1: Map keys must be unique',
      'lab.yaml: 4:1: Map keys must be unique',
      'lab.yaml: 5:5: Unresolved tag: !x:hs1; quote room IDs, as in "!x:hs1"',
    ]);
  });

  it('explains an unquoted room ID, which YAML reads as a tag', () => {
    expect(textProblems(MINIMAL_YAML.replace('"!a:hs1"', '!a:hs1'), 'lab.yaml')).toEqual([
      'lab.yaml: 6:11: Unresolved tag: !a:hs1; quote room IDs, as in "!a:hs1"',
    ]);
  });

  it('refuses a second document', () => {
    expect(textProblems(`${MINIMAL_YAML}---\nname: other\n`, 'lab.yaml')).toEqual([
      'lab.yaml: 7:1: a scenario file holds one YAML document; remove the second',
    ]);
  });

  it('refuses lists and maps as keys', () => {
    expect(textProblems('? [a, b]\n: 1\n', 'lab.yaml')).toEqual(['lab.yaml: 1:3: a key must be a plain value, not a list or a map']);
  });

  it('refuses tabs as indentation', () => {
    expect(textProblems('\t- x', 'lab.yaml')).toEqual(['lab.yaml: 1:1: Tabs are not allowed as indentation']);
  });

  it('reports an empty file', () => {
    expect(textProblems('', 'lab.yaml')).toEqual(['lab.yaml: the file is empty; a scenario needs at least fedsim, name, servers and rooms']);
    expect(textProblems('# just a comment\n', 'lab.yaml')).toEqual([
      'lab.yaml: the file is empty; a scenario needs at least fedsim, name, servers and rooms',
    ]);
  });

  it('points validation problems at data paths after a clean parse', () => {
    expect(textProblems(MINIMAL_YAML.replace('name: minimal', 'name: minimal\nuntil: soon'), 'lab.yaml')).toEqual([
      'lab.yaml:until: expected a non-negative integer, got "soon"',
    ]);
  });
});

describe('JSON errors', () => {
  it('reports syntax errors with line:column', () => {
    expect(textProblems('{"fedsim": 1,\n  "name": }', 'lab.json')).toEqual(["lab.json: 2:11: Unexpected token '}'"]);
    expect(textProblems('{"fedsim": 1,\n  "name": "x"', 'lab.json')).toEqual(["lab.json: 2:14: Expected ',' or '}' after property value"]);
    expect(textProblems('{"a": 1}\n\n x', 'lab.json')).toEqual(['lab.json: 3:2: Unexpected non-whitespace character after JSON']);
    expect(textProblems('', 'lab.json')).toEqual(['lab.json: 1:1: unexpected end of input']);
    expect(textProblems('[1,]', 'lab.json')).toEqual(["lab.json: 1:4: Unexpected token ']'"]);
  });

  it('reports duplicate keys, which JSON.parse would let the last one win', () => {
    expect(textProblems('{"fedsim": 1, "name": "a",\n "name": "b"}', 'lab.json')).toEqual(['lab.json: 2:2: duplicate key "name"']);
    // Escapes are decoded before comparing; keys in different objects do not clash.
    expect(textProblems('{"a": {"x": 1}, "b": {"x": 1}, "\\u0063": 1, "c": 2}', 'lab.json')).toEqual([
      'lab.json: 1:45: duplicate key "c"',
    ]);
    // Keys ending in an escaped backslash; an object with more keys than are compared one by one.
    expect(textProblems('{"x\\\\": 1, "y": "\\"", "x\\\\": 2}', 'lab.json')).toEqual(['lab.json: 1:23: duplicate key "x\\\\"']);
    const many = `{${Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`).join(', ')}, "k3": 0, "k39": 0}`;
    expect(textProblems(many, 'lab.json')).toEqual(['lab.json: 1:422: duplicate key "k3"', 'lab.json: 1:431: duplicate key "k39"']);
  });

  it('does not mistake strings holding braces or quotes for keys', () => {
    const text = JSON.stringify({ ...JSON.parse(MINIMAL_JSON), description: '{"name": "x", } \\" [' });
    expect(textProblems(text, 'lab.json')).toEqual([]);
  });
});

describe('parseScenarioText', () => {
  it('returns the raw value of a clean file', () => {
    expect(parseScenarioText('a: [1, "two", null]\n', 'x.yaml')).toEqual({ ok: true, value: { a: [1, 'two', null] } });
    expect(parseScenarioText('{"a": [1]}', 'x.json')).toEqual({ ok: true, value: { a: [1] } });
  });

  it('resolves YAML anchors and aliases', () => {
    expect(parseScenarioText('a: &m { x: 1 }\nb: *m\n', 'x.yaml')).toEqual({ ok: true, value: { a: { x: 1 }, b: { x: 1 } } });
  });
});
