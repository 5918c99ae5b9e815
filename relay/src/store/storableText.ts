/**
 * Text the relay records from outside (receivers' answers, inspected requests) made storable on every backend
 * alike: PostgreSQL text holds no NUL, and unpaired UTF-16 surrogates do not survive UTF-8. Both become U+FFFD.
 */
export function storableText(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

export const storableOrNull = (text: string | null): string | null => (text === null ? null : storableText(text));

/** Text every backend stores as given: no NUL or other control characters, no unpaired UTF-16 surrogates. */
export const isStorableText = (text: string): boolean => text.isWellFormed() && !/[\u0000-\u001f\u007f]/.test(text);
