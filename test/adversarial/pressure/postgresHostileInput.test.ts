/**
 * Input that PostgreSQL cannot take as text or as a number (NUL bytes, unpaired surrogates, cursors beyond a
 * BIGINT, CR/LF in a redirect) gets a 4xx naming the field, never a 5xx; a receiver answering with a NUL byte is
 * recorded once, not redelivered for ever; idempotency keys are scoped to the event type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { signInToWeb, type WebSession } from '../../support/webSession.ts';
import { rawRequest } from '../support/rawHttp.ts';
import { subscribe } from '../../support/subscribe.ts';
import { until } from '../../support/until.ts';

const schema = newSchemaName('relay_hostile');
let relay: TestRelay;
let receiver: Receiver;
let web: WebSession;

beforeAll(async () => {
  const store = new PostgresStore(testDatabaseUrl, { schema, poolSize: 4 });
  await store.migrate();
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' }, { store });
  receiver = await startReceiver();
  web = await signInToWeb(relay.url, relay.keys.apiKey);
});
afterAll(async () => {
  await relay?.stop();
  await receiver?.close();
  await dropSchema(schema);
});

const expect4xx = async (response: Response | Promise<Response>, label: string) => {
  const answered = await response;
  expect(answered.status, `${label}: ${answered.status}`).toBeGreaterThanOrEqual(400);
  expect(answered.status, `${label}: ${answered.status}`).toBeLessThan(500);
  return answered;
};

describe('hostile input on PostgreSQL', () => {
  it('refuses cursors beyond a BIGINT on the API and ignores them on the pages', async () => {
    const huge = '99999999999999999999';
    for (const path of ['/v1/events', '/v1/webhooks']) {
      const answer = await expect4xx(relay.api(`${path}?before=${huge}`), path);
      expect((await answer.json()).error.message).toMatch(/^before: /);
    }
    for (const path of ['/ui/events', '/ui/webhooks']) expect((await web.get(`${path}?before=${huge}`)).status, path).toBe(200);
  });

  it('refuses NUL and unpaired surrogates in idempotency keys and webhook names, naming the field', async () => {
    const key = await expect4xx(relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { a: 1 }, id: 'a\u0000b' } }), 'NUL id');
    expect((await key.json()).error.field).toBe('id');
    const surrogate = await expect4xx(relay.api('/v1/events', { method: 'POST', body: '{"event":"payment_received","payload":{},"id":"k\\ud800"}', headers: { 'content-type': 'application/json' } }), 'lone surrogate id');
    expect((await surrogate.json()).error.field).toBe('id');
    const name = await expect4xx(relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Bad\u0000name', url: receiver.url, event: 'payment_received' } }), 'NUL name');
    expect((await name.json()).error.field).toBe('name');
    await expect4xx(relay.api('/v1/webhooks/wh_%00'), 'NUL in an id');
    await expect4xx(relay.api('/v1/events?event=payment%00received'), 'NUL in a filter');
  });

  it('keeps two keys that differ only in unpaired surrogates apart (both refused rather than merged)', async () => {
    for (const id of ['x\\ud800', 'x\\udbff']) {
      await expect4xx(relay.api('/v1/events', { method: 'POST', body: `{"event":"payment_received","payload":{},"id":"${id}"}`, headers: { 'content-type': 'application/json' } }), id);
    }
  });

  it('stores an inspector bin name and a request body with NUL bytes without a 5xx', async () => {
    const created = await web.post('/ui/inspector', { name: 'Bin\u0000one' });
    expect(created.status).toBe(303);
    const binPath = created.headers.get('location')!;
    const binId = binPath.split('/').pop()!;
    const posted = await rawRequest(relay.url, 'POST', `/inspect/${binId}`, { body: Buffer.from('{"ok":true}\u0000 tail'), headers: { 'content-type': 'application/json' } });
    expect(posted.status).toBe(200);
    const page = await (await web.get(binPath)).text();
    expect(page).toContain('{&quot;ok&quot;:true}\uFFFD tail');
    expect((await rawRequest(relay.url, 'POST', '/inspect/bin%00x', { body: 'x' })).status).toBe(404); // no such bin, and no 5xx
  });

  it('refuses a sign-in redirect with CR/LF instead of failing on the header', async () => {
    await expect4xx(web.post('/ui/sign-in?next=%2Fui%2Fx%0d%0aSet-Cookie:%20a=b'), 'next with CRLF in the query');
    const signedIn = await fetch(`${relay.url}/ui/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: web.cookies }, body: new URLSearchParams({ _csrf: web.csrfToken, api_key: relay.keys.apiKey, next: '/ui/x\r\nSet-Cookie: a=b' }) });
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/ui/webhooks');
  });

  it('records a receiver answer holding a NUL byte once, and does not deliver the event again', async () => {
    const nul = await startReceiver(() => ({ status: 200, body: '{"ok":true}\u0000' }));
    try {
      const webhook = await subscribe(relay.api, nul.url, { event: 'site_published' });
      const event = await (await relay.ingest('site_published', { site_id: 7 })).json();
      await nul.waitFor(1);
      const [delivery] = await until(
        async () => (await (await relay.api(`/v1/webhooks/${webhook.id}/deliveries`)).json()).data as { status: string; attempts: number }[],
        (list) => list[0]?.status === 'succeeded',
      );
      expect(delivery).toMatchObject({ status: 'succeeded', attempts: 1 });
      const detail = await (await relay.api(`/v1/events/${event.id}`)).json();
      expect(detail.deliveries[0].attempt_log[0]).toMatchObject({ status_code: 200, response_excerpt: '{"ok":true}\uFFFD' });
      expect(nul.requests).toHaveLength(1);
    } finally {
      await nul.close();
    }
  });

  it('scopes idempotency keys to the event type: id 42 as a payment and as a site are two events', async () => {
    const payment = await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 42 }, id: '42' } });
    const site = await relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload: { site_id: 42 }, id: '42' } });
    const again = await relay.api('/v1/events', { method: 'POST', json: { event: 'site_published', payload: { site_id: 42 }, id: '42' } });
    expect([payment.status, site.status, again.status]).toEqual([202, 202, 200]);
    const [first, second, third] = await Promise.all([payment.json(), site.json(), again.json()]);
    expect(second).toMatchObject({ duplicate: false, event: 'site_published' });
    expect(second.id).not.toBe(first.id);
    expect(third).toMatchObject({ duplicate: true, id: second.id });
  });
});
