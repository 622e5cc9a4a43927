import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from './local-redis';

describe('the tests’ own Redis', () => {
  it('answers on loopback with persistence off, and is gone once stopped', async () => {
    const redis = await startRedis();
    const client = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    client.on('error', () => {});
    try {
      await client.connect();
      expect(await client.ping()).toBe('PONG');
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
      expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
      expect(await client.config('GET', 'bind')).toEqual(['bind', '127.0.0.1']);
    } finally {
      client.disconnect();
      await redis.stop();
    }
    expect(() => process.kill(redis.pid, 0)).toThrow();
  });
});
