/** isUserOfServer says what serverOf(id) === server says, for every shape of ID and server name. */
import { describe, expect, it } from 'vitest';
import { isUserOfServer, serverOf } from '../../engine/matrix/ids';

const IDS = ['@a:hs1', '@a:hs10', '@a:xhs1', '@ab:hs1', '!room:hs1', '@a:hs1:8448', '@a:b:c', '@a:', '@a', 'hs1', ':hs1', '@a:matrix.example.org', '@hs1:hs1', '@a:hs1x'];
const SERVERS = ['hs1', 'hs10', 's1', '1', 'hs1:8448', 'b:c', 'matrix.example.org', 'example.org', 'a:hs1'];

describe('isUserOfServer', () => {
  it.each(IDS)('agrees with serverOf for %s', (id) => {
    for (const server of SERVERS) expect([server, isUserOfServer(id, server)]).toEqual([server, serverOf(id) === server]);
  });
});
