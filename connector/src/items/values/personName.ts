/** `customer_name` is WordPress's display name: first word as first name, the rest as last name. */
export interface PersonName {
  first: string | null;
  last: string | null;
}

export function personName(full: unknown): PersonName {
  const words = typeof full === 'string' ? full.trim().split(/\s+/).filter(Boolean) : [];
  if (words.length === 0) return { first: null, last: null };
  return { first: words[0], last: words.length > 1 ? words.slice(1).join(' ') : null };
}
