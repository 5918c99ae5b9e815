/**
 * What a Zap maps into an action's fields, made into what the relay takes: Zapier hands fields over as typed
 * values or as the text a previous step produced ("42", "yes", ""), and an empty mapping means "leave it out".
 */
type InputData = Record<string, unknown>;

export function text(input: InputData, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  const trimmed = String(value).trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Whole numbers only; anything else goes to the relay as typed, which names the field in its refusal. */
export function integer(input: InputData, key: string): number | string | undefined {
  const value = text(input, key);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
}

export function boolean(input: InputData, key: string): boolean | undefined {
  const value = input[key];
  if (typeof value === 'boolean') return value;
  const word = text(input, key)?.toLowerCase();
  if (word === undefined) return undefined;
  return ['true', 'yes', '1', 'on'].includes(word);
}

/** A list field (Zapier gives an array, or one value, or comma-separated text from a previous step). */
export function list(input: InputData, key: string): string[] {
  const value = input[key];
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : String(value).split(',');
  return items.map((item) => String(item).trim()).filter(Boolean);
}

/** Leaves out what is undefined, so the relay receives only what the Zap filled in. */
export function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
