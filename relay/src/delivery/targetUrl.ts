/** Checks a webhook URL when it is saved; addresses are checked again, resolved, at connect time. */
import net from 'node:net';

/** A message naming the problem, or null when the URL is acceptable. */
export function validateTargetUrl(text: string): string | null {
  if (text.length > 2048) return 'must be at most 2048 characters';
  // URL parsing drops tabs and newlines silently and reads a backslash as "/": what a person reads would then
  // differ from what is called. Whitespace is refused; the rest is stored as normalised (normaliseTargetUrl).
  const hidden = /[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.exec(text);
  if (hidden) return `must not contain ${hidden[0] === ' ' ? 'spaces' : `control characters (found U+${hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')})`}; percent-encode them`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a full URL such as https://example.com/hook';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `must use http or https, not ${url.protocol.replace(':', '')}`;
  if (url.username || url.password) return 'must not contain a user name or password; put credentials in the path or query instead';
  if (!url.hostname) return 'must name a host';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!net.isIP(host) && !/^[a-z0-9.-]+$/i.test(host)) return 'has an invalid host name';
  return null;
}

/** The URL exactly as the relay will call it (host lowercased, backslashes as "/", default port dropped). */
export function normaliseTargetUrl(text: string): string {
  return new URL(text).href;
}
