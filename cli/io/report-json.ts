/**
 * The run report as JSON text in chunks, byte for byte what
 * `JSON.stringify(report, null, 2)` gives, but one join at a time: a million-join
 * report is larger than the longest string V8 can hold.
 */
import type { RunReport } from '../../engine/index';

/** Indents every line after the first by `by` (a nested value's text). */
function nested(value: unknown, by: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${by}`);
}

export function* reportJsonChunks(report: RunReport): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  yield '{';
  let first = true;
  for (const [key, value] of entries) {
    const lead = `${first ? '' : ','}\n  ${JSON.stringify(key)}: `;
    first = false;
    if (key !== 'joins' || !Array.isArray(value) || value.length === 0) {
      yield lead + nested(value, '  ');
      continue;
    }
    yield `${lead}[`;
    const batch: string[] = [];
    for (let i = 0; i < value.length; i++) {
      batch.push(`${i === 0 ? '' : ','}\n    ${nested(value[i], '    ')}`);
      if (batch.length === 512) yield batch.splice(0).join('');
    }
    batch.push('\n  ]');
    yield batch.join('');
  }
  yield entries.length === 0 ? '}\n' : '\n}\n';
}
