/**
 * The entry for scenario files: text in, a validated Scenario or every problem out.
 * Nothing here throws, whatever the input; a bad file is a list of problems to
 * print as `file:path: message` (see problems.ts).
 */

import { createChecker, hasProblems, problemsOf } from './check';
import { parseScenarioText } from './parse';
import type { NumberTexts } from './number-texts';
import type { Problem } from './problems';
import type { Scenario } from './types';
import { toScenario } from './validate';

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: Problem[] };

/** Parses `text` (JSON if `fileName` ends in `.json`, YAML otherwise) and validates it. */
export function loadScenario(text: string, fileName: string): LoadResult {
  const parsed = parseScenarioText(text, fileName);
  return parsed.ok ? validateScenario(parsed.value, fileName, parsed.numberTexts) : { ok: false, problems: parsed.problems };
}

/**
 * Validates an already parsed value; `fileName` is only used to name problems,
 * `numberTexts` to quote numbers the parser could not hold as the user wrote them.
 */
export function validateScenario(raw: unknown, fileName: string, numberTexts?: NumberTexts): LoadResult {
  const c = createChecker(fileName, numberTexts);
  try {
    const scenario = toScenario(c, raw);
    return hasProblems(c) ? { ok: false, problems: problemsOf(c) } : { ok: true, scenario };
  } catch (error) {
    // Only a value no file can produce gets here (a throwing getter, a Proxy); it is still bad input.
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [...problemsOf(c), { file: fileName, path: '', message: `cannot read the scenario: ${message}` }] };
  }
}
