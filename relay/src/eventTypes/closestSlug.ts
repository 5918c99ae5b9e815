/** "payment_recieved" → "payment_received": the known slug a typo most likely meant, if one is close enough. */

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

export function closestSlug(typed: string, known: Iterable<string>): string | null {
  let best: { slug: string; distance: number } | null = null;
  for (const slug of known) {
    const distance = editDistance(typed, slug);
    if (!best || distance < best.distance) best = { slug, distance };
  }
  // A third of the word may be wrong: close enough to be a typo, not a different event.
  return best && best.distance <= Math.max(2, Math.floor(typed.length / 3)) ? best.slug : null;
}
