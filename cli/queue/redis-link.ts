/**
 * Connections to the sweep's Redis, and the watch that notices when it is gone.
 * Every connection retries only briefly (a Redis restarting), then gives up, and
 * the watch turns an unreachable or vanished Redis into one clear line and exit 1
 * within a few seconds, rather than BullMQ's default of reconnecting for ever.
 */
import type { Redis, RedisOptions } from 'ioredis';
import { EXIT_FAILED, UserError } from '../cli-context';
import type { RedisAddress } from './redis-url';
import { within } from './within';

/** How long a Redis may stay unreachable before fedsim gives up on it. */
export const GIVE_UP_AFTER_MS = 3000;
/**
 * How long BullMQ's own connections keep retrying: longer than the watch, so the
 * watch decides and closes them while their commands are still waiting. A BullMQ
 * command that fails first sends its loop into a pause of several seconds that
 * nothing can cut short, and the process would linger that long after its message.
 */
const BULLMQ_GIVES_UP_AFTER_MS = 3 * GIVE_UP_AFTER_MS;
const RETRY_EVERY_MS = 250;
const PING_EVERY_MS = 500;

/** A retry strategy that gives up (null) after a while. BullMQ's type spells the result without null's own type, so it is named here. */
type GivingUpRetry = (times: number) => number | void;

/** Options for the connections BullMQ opens on fedsim's behalf (the watch's own give up sooner). */
export function connectionOptions(address: RedisAddress, giveUpAfterMs = BULLMQ_GIVES_UP_AFTER_MS): Omit<RedisOptions, 'retryStrategy'> & { retryStrategy: GivingUpRetry } {
  return {
    host: address.host,
    port: address.port,
    ...(address.password !== undefined ? { password: address.password } : {}),
    ...(address.db !== undefined ? { db: address.db } : {}),
    connectTimeout: GIVE_UP_AFTER_MS,
    // BullMQ's blocking reads require it; a command then waits for a reconnect,
    // and fails once the retry strategy below has given up.
    maxRetriesPerRequest: null,
    // Nothing (undefined) tells ioredis to stop reconnecting, as null does.
    retryStrategy: (times: number) => (times * RETRY_EVERY_MS > giveUpAfterMs ? undefined : RETRY_EVERY_MS),
    lazyConnect: false,
  };
}

/** A problem with the queue's Redis: the message is printed as is, exit 1. */
export class RedisUnavailable extends UserError {
  constructor(message: string) {
    super(message, EXIT_FAILED);
  }
}

export interface RedisWatch {
  /** A plain connection for fedsim's own keys (the scenarios of a sweep). */
  readonly client: Redis;
  /** Never resolves; rejects with RedisUnavailable once Redis has not answered for GIVE_UP_AFTER_MS. */
  readonly lost: Promise<never>;
  /**
   * For an error from BullMQ or Redis: waits (a little longer than the watch takes
   * to decide) for `lost`, and throws its RedisUnavailable if Redis is gone,
   * else the error itself. Failed commands then read as the one clear line.
   */
  blame(error: unknown): Promise<never>;
  /** Stops watching and closes the connection. */
  close(): Promise<void>;
}

/**
 * Connects to Redis and resolves once it answers PING, or rejects with
 * RedisUnavailable if it does not within GIVE_UP_AFTER_MS. From then on it is
 * pinged every PING_EVERY_MS; `lost` rejects when the answers stop.
 */
export async function watchRedis(address: RedisAddress): Promise<RedisWatch> {
  // Loaded here, not at start-up: only the queue's commands need it.
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...connectionOptions(address, GIVE_UP_AFTER_MS), commandTimeout: GIVE_UP_AFTER_MS, maxRetriesPerRequest: 1 });
  // What the connection last said, preferred to a command's own failure ("max retries reached").
  let lastError = '';
  let connectionError = '';
  client.on('error', (error: Error) => {
    connectionError = describe(error);
  });
  client.on('ready', () => {
    connectionError = '';
  });
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let lastAnswer = 0;
  let fail: (error: RedisUnavailable) => void = () => {};
  const lost = new Promise<never>((_, reject) => (fail = reject));
  // Whoever races against `lost` handles it; it must not count as unhandled when nobody is racing yet.
  lost.catch(() => {});
  const shutDown = (): void => {
    closed = true;
    if (timer) clearTimeout(timer);
    client.disconnect();
  };
  const giveUp = (how: string): void => {
    if (closed) return;
    shutDown();
    const why = connectionError || lastError;
    fail(new RedisUnavailable(`${how} Redis at ${address.shown}${why ? `: ${why}` : ''}`));
  };
  const ping = async (): Promise<boolean> => {
    try {
      await client.ping();
      lastAnswer = Date.now();
      return true;
    } catch (error) {
      lastError = describe(error as Error);
      return false;
    }
  };
  client.on('end', () => giveUp(lastAnswer === 0 ? 'cannot reach' : 'lost the connection to'));

  // First contact: a bounded wait, then the message a user can act on.
  const reached = await within(ping(), GIVE_UP_AFTER_MS, false);
  if (!reached) {
    giveUp('cannot reach');
    await lost;
  }
  const keepWatching = (): void => {
    timer = setTimeout(async () => {
      if (closed) return;
      await ping();
      if (Date.now() - lastAnswer > GIVE_UP_AFTER_MS) giveUp('lost the connection to');
      else if (!closed) keepWatching();
    }, PING_EVERY_MS);
    timer.unref();
  };
  keepWatching();
  return {
    client,
    lost,
    async blame(error) {
      await within(lost, GIVE_UP_AFTER_MS + PING_EVERY_MS * 2, null);
      throw error;
    },
    async close() {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      try {
        await within(client.quit(), 500, null);
      } catch {
        // Already gone; nothing left to close.
      }
      client.disconnect();
    },
  };
}

/** An ioredis error as a short phrase (its own messages repeat the address or are multi-line). */
function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'no such host';
  if (code === 'ETIMEDOUT' || /timed? ?out/i.test(error.message)) return 'timed out';
  return error.message.split('\n')[0] ?? 'unknown error';
}
