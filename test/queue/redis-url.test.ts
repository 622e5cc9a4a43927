import { describe, expect, it } from 'vitest';
import { UserError } from '../../cli/cli-context';
import { parseRedisUrl } from '../../cli/queue/redis-url';

describe('--queue URLs', () => {
  it.each([
    ['redis://127.0.0.1:6390', { host: '127.0.0.1', port: 6390, shown: 'redis://127.0.0.1:6390' }],
    ['redis://queue.example', { host: 'queue.example', port: 6379, shown: 'redis://queue.example' }],
    ['redis://:s3cret@10.0.0.5:7000/2', { host: '10.0.0.5', port: 7000, password: 's3cret', db: 2, shown: 'redis://10.0.0.5:7000/2' }],
    ['redis://[::1]:6380', { host: '::1', port: 6380, shown: 'redis://[::1]:6380' }],
  ])('reads %s', (text, address) => {
    expect(parseRedisUrl(text)).toEqual(address);
  });

  it.each([
    ['localhost:6379', 'the scheme must be redis:'],
    ['http://127.0.0.1:6379', 'the scheme must be redis:'],
    ['redis://127.0.0.1:6379/queue', 'the path may only be a database number'],
    ['nonsense', 'not a URL'],
    ['rediss://:s3cret@10.0.0.5:7000', 'the scheme must be redis:'],
  ])('refuses %s as a usage error, without the password in the message', (text, why) => {
    let error: unknown;
    try {
      parseRedisUrl(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toContain(why);
    expect((error as UserError).message).not.toContain('s3cret');
  });
});
