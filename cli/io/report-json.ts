/**
 * The run report as JSON text in chunks, byte for byte what
 * `JSON.stringify(report, null, 2)` gives, but a batch of joins at a time: a
 * million-join report is larger than the longest string V8 can hold.
 *
 * Every piece is pretty-printed by JSON.stringify itself at the depth it has in
 * the report: a value is stringified inside a one-key object (`{"joins": batch}`)
 * and the wrapper's text is cut off, so no text is re-indented afterwards (a regex
 * over every line of a million joins cost about as much as the stringify).
 */
import type { RunReport } from '../../engine/index';

/**
 * Joins per chunk: about 90 KB of text, under V8's largest ordinary object, so
 * each chunk dies young. Chunks of 2048 joins went to the large-object space,
 * which only a full collection frees: a million-join report's 500 of them grew
 * the process by a few hundred MiB while it was written. Just as fast.
 */
const JOINS_PER_CHUNK = 128;

/** `"key": value` as it stands at the report's top level, indented by two spaces. */
function topLevelEntry(key: string, value: unknown): string {
  const wrapped = JSON.stringify({ [key]: value }, null, 2);
  // `{\n  "key": ...\n}`: drop the wrapper's braces and their line breaks.
  return wrapped.slice(2, -2);
}

/** The report's JSON text in chunks; `joinsPerChunk` joins are stringified at a time. */
export function* reportJsonChunks(report: RunReport, joinsPerChunk = JOINS_PER_CHUNK): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{';
  let first = true;
  for (const [key, value] of entries) {
    const comma = first ? '' : ',';
    first = false;
    if (key !== 'joins' || !Array.isArray(value) || value.length === 0) {
      yield `${comma}\n${topLevelEntry(key, value)}`;
      continue;
    }
    yield `${comma}\n  ${JSON.stringify(key)}: [`;
    for (let start = 0; start < value.length; start += joinsPerChunk) {
      // `{\n  "joins": [` ... `\n  ]\n}` around the entries, which stand at the report's depth.
      const text = JSON.stringify({ joins: value.slice(start, start + joinsPerChunk) }, null, 2);
      const inner = text.slice('{\n  "joins": ['.length, -'\n  ]\n}'.length);
      yield start === 0 ? inner : `,${inner}`;
    }
    yield '\n  ]';
  }
  yield entries.length === 0 ? '}\n' : '\n}\n';
}
