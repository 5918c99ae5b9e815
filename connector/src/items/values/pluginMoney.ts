/** Amounts: the plugin sends "$ 49.00" (formatted with the network's currency settings) and, mostly, a raw number beside it. */

/** "$ 1,234.50" → 1234.5, "1.234,50 €" → 1234.5; null when there is no number in it. */
export function amountFromFormatted(text: string): number | null {
  const digits = text.replace(/[^\d.,-]/g, '');
  if (!/\d/.test(digits)) return null;
  const lastSeparator = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','));
  // A separator followed by exactly one or two digits at the end is the decimal point; any other is for thousands.
  const hasDecimals = lastSeparator >= 0 && /^[.,]\d{1,2}$/.test(digits.slice(lastSeparator));
  const whole = (hasDecimals ? digits.slice(0, lastSeparator) : digits).replace(/[.,]/g, '');
  const amount = Number(hasDecimals ? `${whole}.${digits.slice(lastSeparator + 1)}` : whole);
  return Number.isFinite(amount) ? amount : null;
}

/** The amount as a number: the raw value when the plugin sent one, else read from the formatted text. */
export function amount(raw: unknown, formatted: unknown): number | null {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  if (typeof raw === 'string' && raw.trim() && Number.isFinite(Number(raw))) return Number(raw);
  if (typeof formatted === 'number' && Number.isFinite(formatted)) return formatted;
  return typeof formatted === 'string' ? amountFromFormatted(formatted) : null;
}
