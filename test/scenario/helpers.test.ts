/**
 * The small pieces the validator is made of: problem formatting, data paths, and
 * the "did you mean" suggestions.
 */

import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../engine/scenario/did-you-mean';
import { parseRoomId, parseUserId } from '../../engine/scenario/ids';
import { childPath } from '../../engine/scenario/path';
import { formatProblem } from '../../engine/scenario/problems';

describe('formatProblem', () => {
  it('prints file:path: message, or file: message without a path', () => {
    expect(formatProblem({ file: 'lab.yaml', path: 'rooms[2].powerLevels.invite', message: 'expected an integer, got "high"' })).toBe(
      'lab.yaml:rooms[2].powerLevels.invite: expected an integer, got "high"',
    );
    expect(formatProblem({ file: 'lab.yaml', path: '', message: '3:5: bad' })).toBe('lab.yaml: 3:5: bad');
  });
});

describe('childPath', () => {
  it('writes identifiers with dots, indexes in brackets and other keys quoted', () => {
    expect(childPath('', 'rooms')).toBe('rooms');
    expect(childPath(childPath(childPath('', 'rooms'), 2), 'powerLevels')).toBe('rooms[2].powerLevels');
    expect(childPath(childPath(childPath('', 'timeline'), 0), 'via') + '[1]').toBe('timeline[0].via[1]');
    expect(childPath('rooms[1].members', '@alice:hs1')).toBe('rooms[1].members["@alice:hs1"]');
    expect(childPath('', 'a b')).toBe('["a b"]');
    expect(childPath('x', 'say "hi"')).toBe('x["say \\"hi\\""]');
  });
});

describe('did you mean', () => {
  it('counts edits, swaps as one, ignoring case', () => {
    expect(editDistance('joinrule', 'joinRule')).toBe(0);
    expect(editDistance('jion', 'join')).toBe(1);
    expect(editDistance('invte', 'invite')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only close candidates, the closest first', () => {
    expect(closestMatch('joinrule', ['joinRules', 'joinRule', 'allow'])).toBe('joinRule');
    expect(closestMatch('restricetd', ['public', 'restricted', 'knock_restricted'])).toBe('restricted');
    expect(closestMatch('zzz', ['seed', 'name'])).toBeUndefined();
    expect(closestMatch('', ['a'])).toBeUndefined();
  });
});

describe('IDs', () => {
  it('splits user and room IDs at the first colon', () => {
    expect(parseUserId('@alice:hs1')).toEqual({ localpart: 'alice', server: 'hs1' });
    expect(parseUserId('@alice:hs1:8448')).toEqual({ localpart: 'alice', server: 'hs1:8448' });
    expect(parseRoomId('!room:hs1')).toEqual({ localpart: 'room', server: 'hs1' });
    for (const bad of ['alice:hs1', '@alice', '@alice:', '@:hs1', '!room:hs1']) expect(parseUserId(bad)).toBeUndefined();
    for (const bad of ['room:hs1', '!room', '!room:', '!:hs1', '@a:hs1']) expect(parseRoomId(bad)).toBeUndefined();
  });
});
