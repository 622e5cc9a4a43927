/**
 * Reads a run report as a stream of bytes without ever holding it as one string:
 * a million-join report is ~700 MB, past the longest string V8 allows. A small
 * scanner follows JSON's nesting (outside strings) and hands each element of the
 * top-level `joins` array to JSON.parse on its own; every other top-level member
 * is kept as bytes and parsed at the end.
 */

export interface ReportScanner {
  push(chunk: Uint8Array): void;
  /** The top-level members other than `joins`, parsed; throws when the bytes are not one JSON object. */
  end(): { head: Record<string, unknown>; sawJoins: boolean };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Bytes collected across chunks, decoded once complete. */
class Capture {
  private pieces: Uint8Array[] = [];
  take(piece: Uint8Array): void {
    if (piece.length) this.pieces.push(piece.slice());
  }
  text(decoder: TextDecoder, last: Uint8Array): string {
    if (!this.pieces.length) return decoder.decode(last);
    const total = this.pieces.reduce((n, p) => n + p.length, last.length);
    const joined = new Uint8Array(total);
    let offset = 0;
    for (const piece of this.pieces) {
      joined.set(piece, offset);
      offset += piece.length;
    }
    joined.set(last, offset);
    this.pieces = [];
    return decoder.decode(joined);
  }
}

/** `onJoin` gets each parsed element of `joins`, in order; it may throw to stop the scan. */
export function createReportScanner(onJoin: (join: unknown) => void): ReportScanner {
  const decoder = new TextDecoder();
  const head: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let started = false;
  let finished = false;
  let sawJoins = false;
  // Top level: 'key' (waiting for or reading a key), 'colon', 'value' (waiting for a value's first byte), 'in-value'.
  let phase: 'key' | 'colon' | 'value' | 'in-value' = 'key';
  let key = '';
  let keyCapture: Capture | null = null;
  let keyStart = -1;
  let valueCapture: Capture | null = null;
  let valueStart = -1;
  let inJoins = false;
  let elementCapture: Capture | null = null;
  let elementStart = -1;

  const finishValue = (chunk: Uint8Array, end: number): void => {
    if (valueCapture) {
      const text = valueCapture.text(decoder, chunk.subarray(valueStart, end));
      // JSON.parse throws a SyntaxError naming the problem; the caller says it was parsing.
      head[key] = JSON.parse(text);
    }
    valueCapture = null;
    inJoins = false;
    phase = 'key';
  };

  return {
    push(chunk) {
      if (keyCapture) keyStart = 0;
      if (valueCapture) valueStart = 0;
      if (elementCapture) elementStart = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i] as number;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) {
            inString = false;
            if (keyCapture && depth === 1) {
              key = JSON.parse(keyCapture.text(decoder, chunk.subarray(keyStart, i + 1))) as string;
              keyCapture = null;
              phase = 'colon';
            }
          }
          continue;
        }
        if (isSpace(byte)) continue;
        if (finished) throw new SyntaxError('more data after the report object');
        if (!started) {
          if (byte !== OPEN_OBJECT) throw new SyntaxError('a report is a JSON object');
          started = true;
          depth = 1;
          continue;
        }
        if (depth === 1 && phase !== 'in-value') {
          if (phase === 'key') {
            if (byte === COMMA) continue;
            if (byte === CLOSE_OBJECT) {
              depth = 0;
              finished = true;
              continue;
            }
            if (byte !== QUOTE) throw new SyntaxError(`unexpected "${String.fromCharCode(byte)}" where a member name belongs`);
            inString = true;
            keyCapture = new Capture();
            keyStart = i;
            continue;
          }
          if (phase === 'colon') {
            if (byte !== COLON) throw new SyntaxError(`expected ":" after "${key}"`);
            phase = 'value';
            continue;
          }
          // The value's first byte.
          phase = 'in-value';
          if (key === 'joins' && byte === OPEN_ARRAY) {
            inJoins = true;
            sawJoins = true;
            depth = 2;
            continue;
          }
          valueCapture = new Capture();
          valueStart = i;
        }
        if (byte === QUOTE) {
          inString = true;
          continue;
        }
        if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
          if (inJoins && depth === 2) {
            elementCapture = new Capture();
            elementStart = i;
          }
          depth++;
          continue;
        }
        if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
          depth--;
          if (inJoins && depth === 2 && elementCapture) {
            onJoin(JSON.parse(elementCapture.text(decoder, chunk.subarray(elementStart, i + 1))));
            elementCapture = null;
          } else if (inJoins && depth === 1) {
            phase = 'key';
            inJoins = false;
          } else if (depth === 0) {
            // The object closed straight after a value.
            finishValue(chunk, i);
            finished = true;
          }
          continue;
        }
        if (depth === 1 && byte === COMMA && valueCapture) {
          finishValue(chunk, i);
          continue;
        }
        if (inJoins && depth === 2 && byte !== COMMA) throw new SyntaxError('an element of "joins" is not an object');
      }
      if (keyCapture) keyCapture.take(chunk.subarray(keyStart));
      if (valueCapture) valueCapture.take(chunk.subarray(valueStart));
      if (elementCapture) elementCapture.take(chunk.subarray(elementStart));
    },
    end() {
      if (!finished) throw new SyntaxError(started ? 'the report ends before its closing "}"' : 'the file is empty');
      return { head, sawJoins };
    },
  };
}
