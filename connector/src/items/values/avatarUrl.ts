/** `customer_avatar` is WordPress's `<img …>` HTML; Zapier users need the image's URL. */
const entities: Record<string, string> = { '&#038;': '&', '&amp;': '&', '&#38;': '&', '&quot;': '"', '&#039;': "'" };

export function avatarUrl(html: unknown): string | null {
  if (typeof html !== 'string' || !html.trim()) return null;
  if (/^https?:\/\//i.test(html.trim())) return html.trim();
  const src = /\ssrc\s*=\s*(['"])(.*?)\1/i.exec(html)?.[2];
  return src ? src.replace(/&#0?38;|&amp;|&quot;|&#039;/g, (entity) => entities[entity] ?? entity) : null;
}
