/**
 * `--queue redis://HOST:PORT`: the Redis that carries a sweep's runs. A password
 * (`redis://:PASSWORD@HOST:PORT`) and a database number (`/DB`) are accepted too,
 * as in Redis's own URL scheme; anything else is a usage error before anything
 * connects.
 */
import { UserError } from '../cli-context';

export interface RedisAddress {
  host: string;
  port: number;
  password?: string;
  db?: number;
  /** The URL without its password, for messages. */
  shown: string;
}

export function parseRedisUrl(text: string): RedisAddress {
  const refuse = (why: string): never => {
    // A password has no place in a message that may end up in a CI log.
    const shown = text.replace(/\/\/([^/@]*):[^/@]*@/, '//$1:***@');
    throw new UserError(`--queue: ${why}; expected redis://HOST:PORT, got "${shown}"`);
  };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return refuse('not a URL');
  }
  if (url.protocol !== 'redis:') refuse(`the scheme must be redis:`);
  if (url.hostname === '') refuse('no host');
  const port = url.port === '' ? 6379 : Number(url.port);
  const path = url.pathname.replace(/^\//, '');
  if (path !== '' && !/^\d+$/.test(path)) refuse('the path may only be a database number');
  if (url.search !== '' || url.hash !== '') refuse('no query or fragment is allowed');
  // URL keeps IPv6 hosts in brackets; sockets want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const address: RedisAddress = { host, port, shown: `redis://${url.host}${path ? `/${path}` : ''}` };
  if (url.password !== '') address.password = decodeURIComponent(url.password);
  if (path !== '') address.db = Number(path);
  return address;
}
