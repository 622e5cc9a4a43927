/**
 * The `--vary PATH=V1,V2,…` argument of a sweep: a path into the scenario as written
 * and its values, each read as a YAML scalar (`0.1` a number, `true` a boolean,
 * `dendrite` a string, `"3"` the string 3), split at commas outside quotes. Paths
 * are dotted (`servers.2.implementation`) and may use the bracket form problems print
 * (`rooms[0].members["@a:matrix.org"]`) for keys that hold dots.
 */
import { parseDocument } from 'yaml';
import type { VaryAxis, VaryValue } from './types';

/** One step of a path: a map key, or a list index (a segment of digits, which also reads as a key on a map). */
export type PathSegment = string | number;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Splits a path into its segments; digits-only segments come back as numbers. */
export function parseVaryPath(path: string): Parsed<PathSegment[]> {
  const segments: PathSegment[] = [];
  let i = 0;
  const fail = (message: string): Parsed<PathSegment[]> => ({ ok: false, message: `path "${path}": ${message}` });
  if (path === '') return fail('is empty');
  while (i < path.length) {
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (path[i + 1] === '"') {
        // A JSON string in brackets: the key may hold dots, brackets or anything else.
        const end = findStringEnd(path, i + 1);
        if (end < 0 || path[end + 1] !== ']') return fail(`unterminated ["…"] at character ${i + 1}`);
        segments.push(JSON.parse(path.slice(i + 1, end + 1)) as string);
        i = end + 2;
      } else {
        if (close < 0) return fail(`unterminated [ at character ${i + 1}`);
        const inside = path.slice(i + 1, close);
        if (!/^\d+$/.test(inside)) return fail(`expected a list index or a quoted key in [${inside}]`);
        segments.push(Number(inside));
        i = close + 1;
      }
    } else {
      let end = i;
      while (end < path.length && path[end] !== '.' && path[end] !== '[') end++;
      const word = path.slice(i, end);
      if (word === '') return fail(`empty segment at character ${i + 1}`);
      segments.push(/^\d+$/.test(word) ? Number(word) : word);
      i = end;
    }
    if (i < path.length) {
      if (path[i] === '.') {
        i++;
        if (i === path.length) return fail('ends with a dot');
      } else if (path[i] !== '[') return fail(`unexpected "${path[i]}" at character ${i + 1}`);
    }
  }
  return { ok: true, value: segments };
}

/** The index of the closing quote of the JSON string that opens at `start`, or -1. */
function findStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** One value of a `--vary`, read as a YAML scalar; lists and maps are refused. */
export function parseVaryValue(text: string): Parsed<VaryValue> {
  if (text.trim() === '') return { ok: false, message: 'empty value' };
  let value: unknown;
  try {
    // parseDocument collects warnings instead of printing them (the engine prints nothing).
    const doc = parseDocument(text, { logLevel: 'silent' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem !== undefined) {
      // Room IDs read as YAML tags and user IDs start with a reserved character: say how to write them.
      const hint = /^[!@&*]/.test(text.trim()) ? `; quote it, as in --vary 'PATH="${text.trim()}"'` : '';
      return { ok: false, message: `value ${JSON.stringify(text)} is not a YAML scalar: ${problem.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}${hint}` };
    }
    value = doc.toJS();
  } catch (error) {
    return { ok: false, message: `value ${JSON.stringify(text)} is not a YAML scalar: ${(error as Error).message.split('\n')[0]}` };
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return { ok: true, value };
  }
  return { ok: false, message: `value ${JSON.stringify(text)} is not a plain scalar (a number, a boolean, a string or null)` };
}

/** `PATH=V1,V2,…` to an axis; the path is checked for syntax here and against the scenario when the sweep is planned. */
export function parseVaryArgument(argument: string): Parsed<VaryAxis> {
  const equals = argument.indexOf('=');
  if (equals <= 0) return { ok: false, message: `expected PATH=V1,V2,…, got ${JSON.stringify(argument)}` };
  const path = argument.slice(0, equals);
  const syntax = parseVaryPath(path);
  if (!syntax.ok) return syntax;
  const values: VaryValue[] = [];
  for (const piece of splitValues(argument.slice(equals + 1))) {
    const value = parseVaryValue(piece);
    if (!value.ok) return { ok: false, message: `${path}: ${value.message}` };
    values.push(value.value);
  }
  return { ok: true, value: { path, values } };
}

/** Splits at commas outside quotes, so a quoted value may hold one (`"a,b",c`). */
function splitValues(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',') {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}
