/**
 * A small checker for the JSON Schema keywords `fedsim schema` uses (draft
 * 2020-12: type, enum, const, properties, required, additionalProperties,
 * propertyNames, items, min/maxItems, uniqueItems, minimum, maximum, minLength,
 * pattern, min/maxProperties, anyOf, allOf, if/then/else), so tests can run files
 * through the schema without a dependency. It throws on any other keyword, so the
 * schema cannot grow one this checker would silently skip. Errors carry the data
 * path in the validator's own notation (engine/scenario/path.ts).
 */
import { childPath } from '../../engine/scenario/path';

type Schema = Record<string, unknown>;

export interface SchemaError {
  path: string;
  message: string;
}

const KNOWN = new Set([
  '$schema', 'title', 'description', 'type', 'enum', 'const', 'properties', 'required', 'additionalProperties', 'propertyNames', 'items',
  'minItems', 'maxItems', 'uniqueItems', 'minimum', 'maximum', 'exclusiveMinimum', 'minLength', 'pattern', 'minProperties', 'maxProperties', 'anyOf', 'allOf', 'if', 'then', 'else',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeOf(value) === 'object';
}

/** Every way `value` breaks `schema`. */
export function checkAgainstSchema(schema: Schema, value: unknown, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const fail = (message: string, at = path): void => void errors.push({ path: at, message });
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`schema keyword ${key} at ${path || 'the top'} is not supported by this checker`);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      fail(`expected ${types.join(' or ')}`);
      return errors;
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => e === value)) fail(`not one of ${JSON.stringify(schema.enum)}`);
  if (schema.const !== undefined && schema.const !== value) fail(`not ${JSON.stringify(schema.const)}`);
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail(`below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail(`above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail(`not above ${schema.exclusiveMinimum}`);
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) fail('too short');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail(`does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('too many items');
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) fail('items repeat');
    if (schema.items !== undefined) value.forEach((item, i) => errors.push(...checkAgainstSchema(schema.items as Schema, item, childPath(path, i))));
  }
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties) fail('too few keys');
    if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties) fail('too many keys');
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in value)) fail('missing required field', childPath(path, key));
    const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
    for (const key of keys) {
      const at = childPath(path, key);
      if (schema.propertyNames !== undefined && checkAgainstSchema(schema.propertyNames as Schema, key, at).length > 0) fail('bad key', at);
      if (Object.prototype.hasOwnProperty.call(properties, key)) errors.push(...checkAgainstSchema(properties[key]!, value[key], at));
      else if (schema.additionalProperties === false) fail('unknown key', at);
      else if (isObject(schema.additionalProperties)) errors.push(...checkAgainstSchema(schema.additionalProperties, value[key], at));
    }
  }
  if (schema.anyOf !== undefined) {
    const results = (schema.anyOf as Schema[]).map((s) => checkAgainstSchema(s, value, path));
    if (!results.some((r) => r.length === 0)) fail('matches none of anyOf');
  }
  for (const s of (schema.allOf as Schema[] | undefined) ?? []) errors.push(...checkAgainstSchema(s, value, path));
  if (schema.if !== undefined) {
    const holds = checkAgainstSchema(schema.if as Schema, value, path).length === 0;
    const branch = (holds ? schema.then : schema.else) as Schema | undefined;
    if (branch !== undefined) errors.push(...checkAgainstSchema(branch, value, path));
  }
  return errors;
}
