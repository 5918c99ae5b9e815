/** The known word a mistyped one most likely meant (Levenshtein distance), when close enough to be a typo. */
function editDistance(a: string, b: string): number {
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

/**
 * Up to a third of the word may differ ("actve" → "active", "payment_recieved" → "payment_received"), and at least
 * `minimumEdits` edits are always allowed: close enough to be a typo, not another word.
 */
export function closestWord(typed: string, candidates: Iterable<string>, options: { minimumEdits?: number; ignoreCase?: boolean } = {}): string | null {
  const fold = (word: string) => (options.ignoreCase ? word.toLowerCase() : word);
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(fold(typed), fold(candidate));
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= Math.max(options.minimumEdits ?? 1, Math.floor(typed.length / 3)) ? best.candidate : null;
}
