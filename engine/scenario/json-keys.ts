/**
 * A scan of JSON text that JSON.parse has already accepted, for what JSON.parse
 * lets through: duplicate keys (the last one silently wins) and nesting deeper than
 * MAX_NESTING. Iterative, so no input can overflow the stack.
 */

import { MAX_NESTING } from './nesting';

export interface JsonTextProblem {
  /** Offset in the text of the offending key or bracket. */
  offset: number;
  message: string;
}

/** Problems in valid JSON `text`, in text order; stops at the first nesting problem. */
export function findJsonTextProblems(text: string): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  // One entry per open bracket: the keys seen so far for an object, null for a list.
  const open: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{' || ch === '[') {
      if (open.length >= MAX_NESTING) {
        problems.push({ offset: i, message: `nested more than ${MAX_NESTING} levels deep` });
        return problems;
      }
      open.push(ch === '{' ? new Set() : null);
      expectKey = ch === '{';
    } else if (ch === '}' || ch === ']') {
      open.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = open[open.length - 1] instanceof Set;
    } else if (ch === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === '\\') i++;
      }
      const keys = open[open.length - 1];
      if (expectKey && keys instanceof Set) {
        const key = JSON.parse(text.slice(start, i + 1)) as string;
        if (keys.has(key)) problems.push({ offset: start, message: `duplicate key ${JSON.stringify(key)}` });
        else keys.add(key);
      }
      expectKey = false;
    }
  }
  return problems;
}
