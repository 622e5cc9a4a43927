/**
 * Server ACL matching (spec "Server Access Control Lists"): deny first, then allow;
 * globs with * and ?; ports ignored; no allow list means nobody.
 */
import { describe, expect, it } from 'vitest';
import { aclDenial, type ServerAclContent } from '../../engine/matrix/server-acl';

type Row = [name: string, acl: ServerAclContent | null, server: string, allowed: boolean];

describe('server ACLs', () => {
  const rows: Row[] = [
    ['no ACL allows everyone', null, 'hs1', true],
    ['an allow-all ACL allows', { allow: ['*'] }, 'matrix.org', true],
    ['a deny glob wins over allow', { allow: ['*'], deny: ['*.example.net'] }, 'chat.example.net', false],
    ['a deny glob does not match the bare parent domain', { allow: ['*'], deny: ['*.example.net'] }, 'example.net', true],
    ['no allow list means nobody is allowed', { deny: [] }, 'hs1', false],
    ['? matches exactly one character', { allow: ['hs?'] }, 'hs1', true],
    ['? does not match two', { allow: ['hs?'] }, 'hs12', false],
    ['the port is ignored', { allow: ['hs1'] }, 'hs1:8448', true],
    ['matching ignores case', { allow: ['HS1'] }, 'hs1', true],
    ['regex characters in globs are literal', { allow: ['a.b'] }, 'axb', false],
    ['IP literals can be refused', { allow: ['*'], allow_ip_literals: false }, '10.0.0.1', false],
    ['IP literals are allowed by default', { allow: ['*'] }, '10.0.0.1', true],
  ];
  it.each(rows)('%s', (_name, acl, server, allowed) => {
    expect(aclDenial(acl, server) === null).toBe(allowed);
  });

  it('says which entry denied the server', () => {
    expect(aclDenial({ allow: ['*'], deny: ['*.example.net'] }, 'chat.example.net')).toBe('chat.example.net matches the ACL\'s deny entry "*.example.net"');
  });
});
