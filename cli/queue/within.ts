/**
 * A wait with a time limit whose timer is cleared as soon as the wait ends, so a
 * limit never holds the process open after the thing it guarded has finished, and
 * is never unref'd away while something still waits on it.
 */
export function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
