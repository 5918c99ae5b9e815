/**
 * Text the relay records from outside (receivers' answers, inspected requests) made storable on every backend
 * alike: PostgreSQL text holds no NUL, and unpaired UTF-16 surrogates do not survive UTF-8. Both become U+FFFD.
 */
export function storableText(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

export const storableOrNull = (text: string | null): string | null => (text === null ? null : storableText(text));
