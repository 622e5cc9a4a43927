/**
 * A join's `explanation` (engine/explain, `fedsim explain`) as plain sentences
 * for the why panel: the summary, what would have changed each answer, and the
 * smallest fix. Anything else the field might hold is shown as JSON text.
 */
import type { JoinExplanation } from '../../engine/index';

export interface ExplanationText {
  summary: string[];
  attempts: string[];
  fixes: string[];
}

export function explanationText(explanation: unknown): ExplanationText | null {
  if (explanation === undefined || explanation === null) return null;
  if (typeof explanation === 'string') return { summary: [explanation], attempts: [], fixes: [] };
  if (!isExplanation(explanation)) return { summary: [JSON.stringify(explanation, null, 2)], attempts: [], fixes: [] };
  const attempts = (explanation.attempts ?? []).filter((a) => a.wouldChange).map((a) => `${a.server} (${a.step}): ${a.wouldChange}`);
  const fixes: string[] = [];
  if (explanation.fix) fixes.push(`Smallest change that lets the user in: ${explanation.fix.description}`);
  for (const alternative of explanation.alternatives ?? []) fixes.push(`Also works: ${alternative.description}`);
  const summary = [explanation.summary, explanation.plan ? `Plan: ${explanation.plan}` : ''].filter(Boolean);
  return { summary, attempts, fixes };
}

function isExplanation(value: unknown): value is JoinExplanation {
  return typeof value === 'object' && value !== null && typeof (value as { summary?: unknown }).summary === 'string';
}
