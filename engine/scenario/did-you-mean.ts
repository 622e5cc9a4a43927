/**
 * "Did you mean" suggestions for unknown keys, actions and enum values, so that a
 * typo in a scenario file is named together with its likely fix.
 */

/** Longer words are not compared: the answer would not help and the cost grows with length squared. */
const MAX_COMPARED_LENGTH = 64;
/** Past this many candidates a hostile file could make suggestions cost minutes; skip them. */
const MAX_CANDIDATES = 200;

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two
 * neighbouring characters (optimal string alignment), ignoring case, since
 * `joinrule` for `joinRule` is the most common slip.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rolling rows: the swap rule looks two rows back.
  let before = new Array<number>(t.length + 1).fill(0);
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  let current = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, (before[j - 2] ?? 0) + 1);
      }
      current[j] = best;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[t.length] ?? 0;
}

/** The candidate closest to `word`, if one is close enough to be a plausible typo. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  if (word.length === 0 || word.length > MAX_COMPARED_LENGTH || candidates.length > MAX_CANDIDATES) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate.length > MAX_COMPARED_LENGTH) continue;
    const distance = editDistance(word, candidate);
    // Allow about one slip per three characters of the longer word, and at least one.
    const limit = Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` when a close candidate exists, else `''`. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean ${JSON.stringify(match)}?`;
}
