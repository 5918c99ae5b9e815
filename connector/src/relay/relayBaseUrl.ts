/**
 * The relay URL the user typed, made into a base for API paths. People paste what they have: a bare host, the
 * API root (`/v1/...`), the web page (`/ui`, `/ui/webhooks/…`), the docs; all of it becomes `https://host[:port]`
 * (plus any path prefix the relay is mounted under). HTTPS only, because the API key travels with every call:
 * plain http is accepted for localhost alone, for development.
 */
const relayPages = /\/(v1|ui|docs|openapi\.json|healthz|ingest)(\/.*)?$/i;
const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export class RelayUrlError extends Error {}

export function relayBaseUrl(typed: string): string {
  let text = typed.trim();
  if (!text) throw new RelayUrlError('Relay URL: enter the address your relay is reachable at, like https://relay.example.com.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RelayUrlError(`Relay URL: ${JSON.stringify(typed.trim())} is not a web address; it looks like https://relay.example.com.`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && localHosts.has(url.hostname))) {
    throw new RelayUrlError(`Relay URL: use https:// (${url.protocol.replace(':', '')}:// is only accepted for localhost). The API key must not travel unencrypted.`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(relayPages, '');
  return `${url.protocol}//${url.host}${path}`;
}
