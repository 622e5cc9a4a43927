/** A typed array of twice the length of `array`, with its contents at the start: how the kernel's and the network's typed tables grow. */
export function doubled<T extends Float64Array | Int32Array>(array: T): T {
  const next = new (array.constructor as new (n: number) => T)(array.length * 2);
  next.set(array);
  return next;
}
