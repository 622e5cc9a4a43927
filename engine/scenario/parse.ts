/**
 * Scenario file text to a raw value: JSON for `.json` files, YAML otherwise. Every
 * syntax error comes back as a Problem with its line:column, never as an exception.
 * YAML duplicate keys and JSON duplicate keys are both errors, since the second
 * would silently win.
 */

import { Composer, LineCounter, Parser } from 'yaml';
import type { CST } from 'yaml';
import { MAX_PROBLEMS } from './check';
import { findJsonTextProblems } from './json-keys';
import { primeJsonShapes } from './json-shapes';
import { MAX_NESTING } from './nesting';
import { jsonNumberTexts, yamlNumberTexts, type NumberTexts } from './number-texts';
import type { Problem } from './problems';

/** `numberTexts`: the numbers that did not survive parsing, as written (number-texts.ts). */
export type ParseResult = { ok: true; value: unknown; numberTexts?: NumberTexts } | { ok: false; problems: Problem[] };

/** Parses `text` as JSON or YAML, chosen by the extension of `fileName`. */
export function parseScenarioText(text: string, fileName: string): ParseResult {
  try {
    return isJsonFile(fileName) ? parseJson(text, fileName) : parseYaml(text, fileName);
  } catch (error) {
    // Parsers are not supposed to throw past the checks above; if one does, it is still a bad file.
    return { ok: false, problems: [{ file: fileName, path: '', message: `cannot parse: ${errorMessage(error)}` }] };
  }
}

export function isJsonFile(fileName: string): boolean {
  return fileName.toLowerCase().endsWith('.json');
}

function parseJson(withBom: string, file: string): ParseResult {
  // JSON.parse refuses a byte order mark, which some editors still write.
  const text = withBom.startsWith('\uFEFF') ? withBom.slice(1) : withBom;
  let value: unknown;
  // A big file's timeline parses 2.5 times faster with its shapes laid down first (json-shapes.ts).
  primeJsonShapes(text);
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = errorMessage(error);
    const position = /at position (\d+)/.exec(message);
    const offset = position?.[1] === undefined ? findUnexpectedToken(text) : Number(position[1]);
    // Drop V8's own position and excerpt: line:column says it better.
    const reason = message
      .replace(/ at position \d+.*$/s, '')
      .replace(/ in JSON$/, '')
      .replace(/^(Unexpected token '.*?'), .* is not valid JSON$/s, '$1')
      .replace(/^Unexpected end of JSON input$/, 'unexpected end of input');
    return { ok: false, problems: [{ file, path: '', message: `${lineColumn(text, offset)}: ${reason}` }] };
  }
  const duplicates = findJsonTextProblems(text);
  if (duplicates.length > 0) {
    return failed(file, duplicates.map((d) => ({ file, path: '', message: `${lineColumn(text, d.offset)}: ${d.message}` })));
  }
  return parsed(value, jsonNumberTexts(text));
}

/**
 * The offset of the token V8 calls "Unexpected token" without saying where (Node
 * 20). Every prefix that stops before that token fails only for ending early, and
 * every prefix that includes it fails on it, so a binary search over prefix lengths
 * finds it with about log2(n) parses.
 */
function findUnexpectedToken(text: string): number {
  const failsOnToken = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      return errorMessage(error).startsWith('Unexpected token');
    }
  };
  if (!failsOnToken(text.length)) return text.length;
  let low = 0;
  let high = text.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (failsOnToken(mid)) high = mid;
    else low = mid + 1;
  }
  return Math.max(0, low - 1);
}

function parseYaml(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${line}:${col}`;
  };
  const tokens = Array.from(new Parser(lines.addNewLine).parse(text));
  const shape = findShapeProblem(tokens);
  if (shape !== undefined) return { ok: false, problems: [{ file, path: '', message: `${at(shape.offset)}: ${shape.message}` }] };
  // logLevel 'error': yaml would print its warnings to the console, and the engine prints nothing.
  const docs = Array.from(new Composer({ logLevel: 'error' }).compose(tokens, true, text.length));
  const doc = docs[0];
  if (doc === undefined) return { ok: true, value: null };
  // Warnings too: an unresolved tag or a stringified key means the data is not what the author meant.
  const found = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]);
  const problems: Problem[] = found.map((e) => ({ file, path: '', message: `${at(e.pos[0])}: ${yamlMessage(e.message)}` }));
  const second = docs[1];
  if (second !== undefined) {
    problems.push({ file, path: '', message: `${at(second.range[0])}: a scenario file holds one YAML document; remove the second` });
  }
  if (problems.length > 0) return failed(file, problems);
  try {
    return parsed(doc.toJS({ maxAliasCount: 1000 }), yamlNumberTexts(doc));
  } catch (error) {
    return { ok: false, problems: [{ file, path: '', message: errorMessage(error) }] };
  }
}

/** yaml's message, with a hint for the commonest trap: an unquoted room ID reads as a YAML tag. */
function yamlMessage(message: string): string {
  const tag = /^Unresolved tag: (!.*)$/.exec(message);
  return tag?.[1] === undefined ? message : `${message}; quote room IDs, as in "${tag[1]}"`;
}

/**
 * What yaml cannot be trusted with, found in its syntax tree without recursion:
 * nesting deeper than MAX_NESTING (composing documents is recursive, and a few
 * thousand levels overflow the stack, sometimes fatally for the whole process),
 * and lists or maps used as keys (they would turn into strings without a word).
 */
function findShapeProblem(tokens: CST.Token[]): { offset: number; message: string } | undefined {
  const stack: Array<[CST.Token, number]> = tokens.map((t) => [t, 0]);
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [token, depth] = next;
    if (depth > MAX_NESTING) return { offset: token.offset, message: `nested more than ${MAX_NESTING} levels deep` };
    if (token.type === 'document') {
      if (token.value !== undefined) stack.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if (item.key) {
          if (isCollectionToken(item.key)) return { offset: item.key.offset, message: 'a key must be a plain value, not a list or a map' };
          stack.push([item.key, depth + 1]);
        }
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

function isCollectionToken(token: CST.Token): boolean {
  return token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection';
}

/** `line:column`, both from 1, of `offset` in `text`. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return `${line}:${end - lineStart + 1}`;
}

/** A clean parse; the number texts only when some number did not survive parsing. */
function parsed(value: unknown, numberTexts: NumberTexts): ParseResult {
  return numberTexts.size === 0 ? { ok: true, value } : { ok: true, value, numberTexts };
}

/** A failed parse, keeping at most MAX_PROBLEMS problems, as validation does. */
function failed(file: string, problems: Problem[]): ParseResult {
  if (problems.length <= MAX_PROBLEMS) return { ok: false, problems };
  const more = problems.length - MAX_PROBLEMS;
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS), { file, path: '', message: `${more} more problems not shown` }] };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
