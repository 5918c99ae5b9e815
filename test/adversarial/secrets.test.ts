/**
 * Keys and secrets: every /v1 route (enumerated from the app itself, so a new route is covered the day it is
 * added) refuses a missing, wrong or malformed key; the web page's routes send a visitor without a valid session
 * to sign-in; keys and secrets never appear in logs or error bodies; a rotated secret keeps signing for the
 * configured overlap, checked with the standardwebhooks package. (test/relay/api/webhooksApi.test.ts has the
 * hand-written route table and the creation-time checks.)
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../relay/src/httpApp.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';

let relay: TestRelay;
let receiver: Receiver;
const secrets: string[] = [];
const errorBodies: string[] = [];
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_SECRET_ROTATION_OVERLAP: '3s' });
  receiver = await startReceiver();
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

/** Every route the app serves, as [method, path with its parameters filled in]. */
function appRoutes(prefix: string): [string, string][] {
  const app = createHttpApp(relay.context);
  const seen = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || !route.path.startsWith(prefix) || route.path.includes('*')) continue;
    seen.add(`${route.method} ${route.path.replace(/:(\w+)/g, 'x_$1')}`);
  }
  return [...seen].map((entry) => entry.split(' ') as [string, string]);
}

describe('auth on every route', () => {
  it('refuses every /v1 route without, with a wrong, or with a malformed key', async () => {
    const routes = appRoutes('/v1');
    expect(routes.length).toBeGreaterThanOrEqual(17);
    const key = relay.keys.apiKey;
    const refusals = [undefined, '', 'Bearer', 'Bearer ', 'Bearer wrong', `Bearer ${key}x`, `Bearer ${key.slice(0, -1)}`, `Basic ${key}`, `${key}`, `Bearer ${key} ${key}`,
      `Bearer ${key.toUpperCase()}`, `Token ${key}`, 'Bearer \u00e9\u00e9'];
    for (const [method, path] of routes) {
      for (const authorization of refusals) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization !== undefined) headers.authorization = authorization;
        const response = await fetch(relay.url + path, { method, headers, body: ['GET', 'HEAD'].includes(method) ? undefined : '{}' });
        expect(response.status, `${method} ${path} ${authorization}`).toBe(401);
        const text = await response.text();
        errorBodies.push(text);
        expect(JSON.parse(text).error.code).toBe('unauthorized');
      }
    }
  });

  it('sends a visitor of any web page without a valid session to sign-in, showing nothing', async () => {
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Secret-named hook', url: receiver.url, event: 'payment_received' } })).json();
    secrets.push(hook.secret);
    const pages = appRoutes('/ui').filter(([method, path]) => method === 'GET' && !path.startsWith('/ui/sign-in') && !path.startsWith('/ui/assets'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    const forged = ['relay_session=v1.9999999999.aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb', `relay_session=v1.9999999999.nonce.${relay.keys.apiKey}`, 'relay_session='];
    for (const [, path] of pages) {
      for (const cookie of [undefined, ...forged]) {
        const response = await fetch(relay.url + path.replace('x_id', hook.id), { redirect: 'manual', headers: cookie ? { cookie } : {} });
        expect(response.status, `${path} ${cookie}`).toBe(303);
        expect(response.headers.get('location'), path).toMatch(/^\/ui\/sign-in\?next=/);
        const text = await response.text();
        expect(text).not.toContain('Secret-named hook');
        expect(text).not.toContain(hook.secret);
      }
    }
    const wrong = await fetch(`${relay.url}/ui/sign-in`, { method: 'POST', body: new URLSearchParams({ api_key: `${relay.keys.apiKey}-nope`, _csrf: 'x' }), redirect: 'manual' });
    expect(wrong.status).toBeGreaterThanOrEqual(400);
    errorBodies.push(await wrong.text());
  });
});

describe('secret rotation with overlap', () => {
  it('signs with both secrets during the overlap and only with the new one after it', async () => {
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Rotating', url: receiver.url, event: 'site_published' } })).json();
    const old = hook.secret as string;
    const rotated = await (await relay.api(`/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' })).json();
    const fresh = rotated.secret as string;
    secrets.push(old, fresh);
    expect(fresh).not.toBe(old);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeLessThanOrEqual(3000);

    const before = receiver.requests.length;
    await relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload: { site_id: 1 } } });
    const [during] = (await receiver.waitFor(before + 1)).slice(before);
    const headers = during.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(during.body, headers)).toEqual({ site_id: 1 });
    expect(new Webhook(fresh).verify(during.body, headers)).toEqual({ site_id: 1 });

    await new Promise((resolve) => setTimeout(resolve, Date.parse(rotated.previous_secret_expires_at) - Date.now() + 200));
    await relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload: { site_id: 2 } } });
    const [after] = (await receiver.waitFor(before + 2)).slice(before + 1);
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders['webhook-signature'].split(' ')).toHaveLength(1);
    expect(new Webhook(fresh).verify(after.body, afterHeaders)).toEqual({ site_id: 2 });
    expect(() => new Webhook(old).verify(after.body, afterHeaders)).toThrow();
    expect((await (await relay.api(`/v1/webhooks/${hook.id}/secret`)).json())).toEqual({ secret: fresh, previous_secret: null, previous_secret_expires_at: rotated.previous_secret_expires_at });
  });
});

describe('keys and secrets stay out of logs and error bodies', () => {
  it('even when a request fails unexpectedly on the ingest route', async () => {
    // The store fails once: the relay answers 500 (nothing was acknowledged) and logs the path, without the token.
    const store = relay.context.store;
    const insertEvent = store.insertEvent.bind(store);
    store.insertEvent = async () => {
      store.insertEvent = insertEvent;
      throw new Error('disk I/O error');
    };
    const failed = await relay.ingest('payment_received', { payment_id: 77 });
    expect(failed.status).toBe(500);
    errorBodies.push(await failed.text());
    expect(relay.logs.some((line) => line.includes('"path":"/ingest/{token}/payment_received"'))).toBe(true);
    expect((await relay.ingest('payment_received', { payment_id: 77 })).status).toBe(202);

    // A sample of everything else that logs or fails: wrong tokens, bad bodies, tests, deliveries.
    for (const path of [`/ingest/${relay.keys.ingestToken}x/payment_received`, `/ingest/${relay.keys.ingestToken}/BAD`, `/ingest/${relay.keys.apiKey}/payment_received`]) {
      errorBodies.push(await (await fetch(relay.url + path, { method: 'POST', body: '{' })).text());
    }
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Logged', url: 'http://127.0.0.1:1/refused', event: 'payment_received' } })).json();
    secrets.push(hook.secret, (await (await relay.api(`/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' })).json()).secret);
    errorBodies.push(await (await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST' })).text());
    // A delivery to the refused URL, so its failures are logged too.
    expect((await relay.ingest('payment_received', { payment_id: 78 })).status).toBe(202);
    await until(() => relay.logs.some((line) => line.includes('delivery attempt failed')), Boolean);

    const logs = relay.logs.join('\n');
    expect(logs).toContain('webhook created');
    const forbidden = [relay.keys.apiKey, relay.keys.ingestToken, ...secrets, ...secrets.map((secret) => secret.slice('whsec_'.length))];
    for (const value of forbidden) {
      expect(logs.includes(value), `a key or secret in the logs`).toBe(false);
      for (const body of errorBodies) expect(body.includes(value), `a key or secret in an error body: ${body.slice(0, 200)}`).toBe(false);
    }
  });
});
