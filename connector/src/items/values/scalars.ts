/** Ids, counts and flags as the plugin sends them ("3", 3, "true", "1", "") made into real numbers and booleans. */

/** "3" → 3; "" and null → null; anything not a number is kept as it came (an add-on's own ids). */
export function integer(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return value;
}

const trueWords = new Set(['true', '1', 'yes', 'on']);
const falseWords = new Set(['false', '0', 'no', 'off', '']);

/** "true"/"false", "1"/"0", 1/0 → true/false; null stays null. */
export function boolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return null;
  const word = value.trim().toLowerCase();
  if (trueWords.has(word)) return true;
  return falseWords.has(word) ? false : null;
}

/** Text fields: numbers become their text, null stays null (Zapier shows it as empty). */
export function text(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  return value === undefined ? null : value;
}
