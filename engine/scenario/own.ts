/**
 * Safe access to untrusted objects. Scenario files may hold keys such as
 * `__proto__` or `constructor`; reading goes through own properties only and
 * writing defines own properties, so no input can reach or change a prototype.
 */

/** A plain object as JSON or YAML produce it (not a list, not a class instance). */
export type RawObject = Record<string, unknown>;

export function isRawObject(value: unknown): value is RawObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function hasOwn(object: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** The own property `key`, or undefined; never something inherited. */
export function getOwn(object: RawObject, key: string): unknown {
  return hasOwn(object, key) ? object[key] : undefined;
}

/** Sets `key` as an own, enumerable property, even when the key is `__proto__`. */
export function setOwn<T>(object: Record<string, T>, key: string, value: T): void {
  // Only `__proto__` is an accessor on Object.prototype; every other key assigned
  // becomes an own data property, and assignment is far cheaper than defining one
  // (a big file sets millions of member entries).
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}
