/**
 * Guessing the API key, the ingest token or the sign-in key is throttled per client (429 with Retry-After, the
 * right key refused too while locked out), behind a reverse proxy per forwarded client; a session cookie stops
 * working at sign-out, even a copy of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { cookieHeader, csrfTokenIn, signInToWeb } from '../support/webSession.ts';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_MAX_AUTH_FAILURES_PER_MINUTE: '5', RELAY_LOG_LEVEL: 'error' });
});
afterAll(() => relay.stop());

/** Behind a proxy on loopback, the client is the address the proxy appended. */
const asClient = (address: string) => ({ 'x-forwarded-for': address });

describe('key guessing', () => {
  it('locks a client out of the API after too many wrong keys, right key included, and leaves others alone', async () => {
    const guesser = asClient('203.0.113.7');
    for (let i = 0; i < 5; i++) expect((await relay.api('/v1/me', { headers: { ...guesser, authorization: `Bearer rk_guess${i}` } })).status).toBe(401);
    const locked = await relay.api('/v1/me', { headers: guesser });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await locked.json()).error.code).toBe('too_many_attempts');
    expect((await relay.api('/v1/me', { headers: asClient('203.0.113.8') })).status).toBe(200);
  });

  it('throttles ingest token guesses the same way', async () => {
    const guesser = asClient('198.51.100.9');
    const post = (token: string) => fetch(`${relay.url}/ingest/${token}/payment_received`, { method: 'POST', headers: { ...guesser, 'content-type': 'application/json' }, body: '{"payment_id":1}' });
    for (let i = 0; i < 5; i++) expect((await post(`it_guess${i}`)).status).toBe(401);
    expect((await post(relay.keys.ingestToken)).status).toBe(429);
  });

  it('throttles sign-in guesses on the web page', async () => {
    const guesser = asClient('192.0.2.44');
    const form = await fetch(`${relay.url}/ui/sign-in`);
    const cookie = cookieHeader(form);
    const token = csrfTokenIn(await form.text());
    const attempt = (key: string) =>
      fetch(`${relay.url}/ui/sign-in`, { method: 'POST', redirect: 'manual', headers: { ...guesser, cookie }, body: new URLSearchParams({ _csrf: token, api_key: key }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const locked = await attempt(relay.keys.apiKey);
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/Too many wrong keys/);
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
