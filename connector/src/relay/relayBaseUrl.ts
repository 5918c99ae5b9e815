/** The relay URL the user typed, made into a base for API paths ("relay.example.com/v1/" → "https://relay.example.com"). */
export function relayBaseUrl(typed: string): string {
  let url = typed.trim();
  // People paste what they have: a bare host, the API root, or the docs page.
  if (!/^https?:\/\//i.test(url)) url = `https://${url}`;
  return url.replace(/\/+$/, '').replace(/\/(v1|docs)$/i, '');
}
