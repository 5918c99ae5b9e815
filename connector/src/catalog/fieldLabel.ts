/**
 * "payment_total_raw" → "Payment Total Raw": the human label Zapier shows for a payload field.
 * Same rule as shared/events/catalog.ts (a root test keeps them equal); copied because the
 * connector may import nothing from outside connector/.
 */
const upperCaseWords = new Set(['id', 'url', 'ip']);

export function fieldLabel(key: string): string {
  return key
    .split('_')
    .filter(Boolean)
    .map((word) => (upperCaseWords.has(word) ? word.toUpperCase() : word[0].toUpperCase() + word.slice(1)))
    .join(' ');
}
