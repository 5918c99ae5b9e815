/** The closest known word to a mistyped one (Levenshtein distance), when it is close enough to be a typo. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export function closestMatch(word: string, candidates: readonly string[]): string | null {
  let best: { candidate: string; score: number } | null = null;
  for (const candidate of candidates) {
    const score = distance(word.toLowerCase(), candidate.toLowerCase());
    if (!best || score < best.score) best = { candidate, score };
  }
  // Up to a third of the word may differ ("actve" → "active", "webhoks" → "webhooks"), and at least 1 edit.
  return best && best.score <= Math.max(1, Math.floor(word.length / 3)) ? best.candidate : null;
}

export const didYouMean = (word: string, candidates: readonly string[]): string => {
  const match = closestMatch(word, candidates);
  return match ? ` (did you mean "${match}"?)` : '';
};
