/** What tests send a relay, in-process or its own process alike: the API with its key, ingest as the plugin posts. */
export type RelayApi = (pathname: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/** The settings every test relay shares: private targets allowed, fast retries and polls, many wrong keys tolerated. */
export const testRelayDefaults: Record<string, string> = {
  RELAY_ALLOW_PRIVATE_TARGETS: '1',
  RELAY_RETRY_SCHEDULE: '0,200ms,400ms,800ms',
  RELAY_RETRY_JITTER: '0',
  RELAY_POLL_INTERVAL: '100ms',
  // Tests send many wrong keys on purpose from one address; keyGuessing.test.ts sets its own limit.
  RELAY_MAX_AUTH_FAILURES_PER_MINUTE: '100000',
  // Gap repair passes only when a test asks (test/relay/gapRepair/ sets its own schedule where it tests it).
  RELAY_GAP_REPAIR_INTERVAL: '0',
};

export function relayRequests(url: string, keys: { apiKey: string; ingestToken: string }): { api: RelayApi; ingest: (slug: string, payload: unknown) => Promise<Response> } {
  const api: RelayApi = (pathname, init = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${keys.apiKey}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(url + pathname, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  };
  const ingest = (slug: string, payload: unknown) =>
    fetch(`${url}/ingest/${keys.ingestToken}/${slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'WordPress/6.8; https://network.example' },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  return { api, ingest };
}
