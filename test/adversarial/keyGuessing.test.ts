/**
 * Guessing the API key, the ingest token or the sign-in key is throttled per client (429 with Retry-After for wrong
 * attempts, never for the right secret), behind a configured reverse proxy per forwarded client and otherwise per
 * peer whatever X-Forwarded-For says; a session cookie stops working at sign-out, even a copy of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { cookieHeader, csrfTokenIn, signInToWeb } from '../support/webSession.ts';

/** `relay` sits behind a proxy on loopback (the tests' own address); `exposed` trusts no proxy. */
let relay: TestRelay;
let exposed: TestRelay;
beforeAll(async () => {
  const throttled = { RELAY_MAX_AUTH_FAILURES_PER_MINUTE: '5', RELAY_LOG_LEVEL: 'error' };
  [relay, exposed] = await Promise.all([startTestRelay({ ...throttled, RELAY_TRUSTED_PROXIES: '127.0.0.1/32,::1/128' }), startTestRelay(throttled)]);
});
afterAll(() => Promise.all([relay.stop(), exposed.stop()]));

/** Through the proxy, the client is the address the proxy appended. */
const asClient = (address: string) => ({ 'x-forwarded-for': address });
const ingestAs = (target: TestRelay, headers: Record<string, string>, token: string) =>
  fetch(`${target.url}/ingest/${token}/payment_received`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"payment_id":1}' });

describe('key guessing', () => {
  it('answers a client 429 after too many wrong keys, still lets its right key in, and leaves other clients alone', async () => {
    const guesser = asClient('203.0.113.7');
    for (let i = 0; i < 5; i++) expect((await relay.api('/v1/me', { headers: { ...guesser, authorization: `Bearer rk_guess${i}` } })).status).toBe(401);
    const locked = await relay.api('/v1/me', { headers: { ...guesser, authorization: 'Bearer rk_guess5' } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe('too_many_attempts');
    expect((await relay.api('/v1/me', { headers: guesser })).status).toBe(200);
    expect((await relay.api('/v1/me', { headers: { ...asClient('203.0.113.8'), authorization: 'Bearer rk_other' } })).status).toBe(401);
  });

  it('throttles ingest token guesses the same way, and the real ingest token is never refused: no event is lost', async () => {
    const sharedAddress = asClient('198.51.100.9'); // the plugin's address, used by a forger as well
    for (let i = 0; i < 21; i++) expect([401, 429]).toContain((await ingestAs(relay, sharedAddress, `it_guess${i}`)).status);
    expect((await ingestAs(relay, sharedAddress, 'it_guess_more')).status).toBe(429);
    const real = await ingestAs(relay, sharedAddress, relay.keys.ingestToken);
    expect(real.status).toBe(202);
    const { id } = await real.json();
    expect((await relay.api(`/v1/events/${id}`)).status).toBe(200);
  });

  it('throttles sign-in guesses on the web page, and signs in with the right key meanwhile', async () => {
    const guesser = asClient('192.0.2.44');
    const form = await fetch(`${relay.url}/ui/sign-in`);
    const cookie = cookieHeader(form);
    const token = csrfTokenIn(await form.text());
    const attempt = (key: string) =>
      fetch(`${relay.url}/ui/sign-in`, { method: 'POST', redirect: 'manual', headers: { ...guesser, cookie }, body: new URLSearchParams({ _csrf: token, api_key: key }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const locked = await attempt('wrong-5');
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many wrong keys/);
    expect((await attempt(relay.keys.apiKey)).status).toBe(303);
  });

  it('behind the proxy, takes the hop the proxy appended: what the client wrote before it does not make it someone else', async () => {
    // The client's own X-Forwarded-For arrives first; the proxy appends the real address; our own proxy hops are skipped.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await relay.api('/v1/me', { headers: { ...asClient(`10.9.${i}.1, 203.0.113.90, 127.0.0.1`), authorization: `Bearer rk_hop${i}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('behind the proxy, reads a hop with the port its proxy appended: one client whatever its port, another one apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await relay.api('/v1/me', { headers: { ...asClient(`203.0.113.91:${40000 + i}`), authorization: `Bearer rk_port${i}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await relay.api('/v1/me', { headers: { ...asClient('[2001:db8::92]:443'), authorization: 'Bearer rk_port_other' } })).status).toBe(401);
  });

  it('without a trusted proxy, ignores X-Forwarded-For: a rotating header does not escape the throttle', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const response = await exposed.api('/v1/me', { headers: { ...asClient(`203.0.113.${i + 1}`), authorization: `Bearer rk_rotating${i}` } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect((await exposed.api('/v1/me', { headers: asClient('203.0.113.99') })).status).toBe(200);
  });
});

describe('sign-out', () => {
  it('ends the session for good: the same cookie, replayed, no longer opens a page', async () => {
    const session = await signInToWeb(relay.url, relay.keys.apiKey);
    expect((await session.get('/ui/webhooks')).status).toBe(200);
    expect((await session.post('/ui/sign-out')).status).toBe(303);
    const replayed = await session.get('/ui/webhooks');
    expect(replayed.status).toBe(303);
    expect(replayed.headers.get('location')).toMatch(/^\/ui\/sign-in/);
    const other = await signInToWeb(relay.url, relay.keys.apiKey);
    expect((await other.get('/ui/webhooks')).status).toBe(200); // other sessions are untouched
  });
});
