import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(() => relay.stop());

describe('webhooks API', () => {
  it('creates with a whsec_ secret, lists with filters, reads, patches and deletes', async () => {
    const response = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Zap', url: 'https://hooks.zapier.com/hooks/standard/1/abc', event: 'payment_received', integration: 'zapier' } });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({ id: expect.stringMatching(/^wh_/), secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/), active: true, integration: 'zapier', disabled_reason: null });
    expect(Buffer.from(created.secret.slice(6), 'base64')).toHaveLength(32);
    const manual = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Mine', url: 'https://example.com/h', event: 'site_published' } })).json();
    expect(manual.integration).toBe('manual');

    const zapier = await (await relay.api('/v1/webhooks?integration=zapier')).json();
    expect(zapier.data.map((w: { id: string }) => w.id)).toEqual([created.id]);
    const byEvent = await (await relay.api('/v1/webhooks?event=site_published')).json();
    expect(byEvent.data.map((w: { id: string }) => w.id)).toEqual([manual.id]);

    const read = await (await relay.api(`/v1/webhooks/${created.id}`)).json();
    expect(read.secret).toBeUndefined();
    expect((await (await relay.api(`/v1/webhooks/${created.id}/secret`)).json()).secret).toBe(created.secret);

    const patched = await (await relay.api(`/v1/webhooks/${created.id}`, { method: 'PATCH', json: { active: false, name: 'Zap (paused)' } })).json();
    expect(patched).toMatchObject({ active: false, name: 'Zap (paused)' });
    expect((await relay.api(`/v1/webhooks/${created.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await relay.api(`/v1/webhooks/${created.id}`)).status).toBe(404);
    expect((await relay.api(`/v1/webhooks/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('validates like the plugin and better, naming the field', async () => {
    const valid = { name: 'Ok name', url: 'https://example.com/hook', event: 'payment_received' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...valid, name: 'x' }, /^name: must be at least 2 characters/],
      [{ ...valid, name: undefined }, /^name: /],
      [{ ...valid, url: 'ftp://example.com/x' }, /^url: must use http or https/],
      [{ ...valid, url: 'javascript:alert(1)' }, /^url: must use http or https/],
      [{ ...valid, url: 'example.com/hook' }, /^url: must be a full URL/],
      [{ ...valid, url: 'https://user:pass@example.com/h' }, /^url: must not contain a user name or password/],
      [{ ...valid, event: 'Payment Received' }, /^event: must be an event slug/],
      [{ ...valid, event: '../etc' }, /^event: must be an event slug/],
      [{ ...valid, active: 'yes' }, /^active: must be true or false/],
      [{ ...valid, integration: '' }, /^integration: must not be empty/],
      [{ ...valid, colour: 'red' }, /unknown field "colour"/],
    ];
    for (const [json, message] of cases) {
      const response = await relay.api('/v1/webhooks', { method: 'POST', json });
      expect(response.status, JSON.stringify(json)).toBe(400);
      const body = await response.json();
      expect(body.error.message, JSON.stringify(json)).toMatch(message);
    }
    const custom = await relay.api('/v1/webhooks', { method: 'POST', json: { ...valid, event: 'affiliate_signup', custom: true } });
    expect(custom.status).toBe(201);
    const idn = await relay.api('/v1/webhooks', { method: 'POST', json: { ...valid, url: 'https://bücher.example/hook' } });
    // Stored as called: the host in its ASCII (punycode) form, which also shows look-alike letters for what they are.
    expect((await idn.json()).url).toBe('https://xn--bcher-kva.example/hook');
    const patch = await relay.api(`/v1/webhooks/${(await custom.json()).id}`, { method: 'PATCH', json: { url: 'nope' } });
    expect((await patch.json()).error).toMatchObject({ code: 'invalid_request', field: 'url' });
  });

  it('sets a rate limit per webhook; a Zapier catch hook gets Zapier’s limits by default; bad limits are a 400 naming the field', async () => {
    const create = async (json: Record<string, unknown>) => relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Paced', event: 'payment_received', ...json } });
    const zap = await (await create({ url: 'https://hooks.zapier.com/hooks/catch/1234567/abcdef/' })).json();
    expect(zap).toMatchObject({ rate_limit: { per_second: 30, per_window: 10_000, window: '5m' }, rate_limit_source: 'zapier' });
    const plain = await (await create({ url: 'https://example.com/paced' })).json();
    expect(plain).toMatchObject({ rate_limit: null, rate_limit_source: 'none' });
    const custom = await (await create({ url: 'https://example.com/paced', rate_limit: { per_second: 5, per_window: 1000, window: '1h' } })).json();
    expect(custom).toMatchObject({ rate_limit: { per_second: 5, per_window: 1000, window: '1h' }, rate_limit_source: 'custom' });
    const patch = async (id: string, rate_limit: unknown) => relay.api(`/v1/webhooks/${id}`, { method: 'PATCH', json: { rate_limit } });
    expect(await (await patch(zap.id, 'none')).json()).toMatchObject({ rate_limit: null, rate_limit_source: 'none' });
    expect(await (await patch(zap.id, null)).json()).toMatchObject({ rate_limit_source: 'zapier' });
    expect(await (await patch(custom.id, { per_window: 100, window: 60 })).json()).toMatchObject({ rate_limit: { per_second: null, per_window: 100, window: '1m' } });
    for (const [rate_limit, message] of [
      [{ per_second: 0 }, /rate_limit.*per_second.*at least 1/],
      [{ per_window: 10 }, /rate_limit.*window.*required with per_window/],
      [{ per_second: 5, window: 'soon' }, /rate_limit.*window.*duration/],
      [{}, /rate_limit.*needs per_second or per_window/],
      ['fast', /rate_limit: must be null.*none/],
      [{ per_minute: 5 }, /rate_limit.*per_minute/],
    ] as const) {
      const refused = await patch(custom.id, rate_limit);
      expect(refused.status, JSON.stringify(rate_limit)).toBe(400);
      expect(JSON.stringify(await refused.json()), JSON.stringify(rate_limit)).toMatch(message);
    }
  });

  it('refuses to redeliver for a disabled webhook, with a JSON 409', async () => {
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Off', url: 'http://127.0.0.1:9/nobody', event: 'payment_received' } })).json();
    const tested = await (await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST' })).json();
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'PATCH', json: { active: false } });
    const retry = await relay.api(`/v1/deliveries/${tested.delivery_id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(409);
    expect((await retry.json()).error).toMatchObject({ code: 'webhook_inactive', message: expect.stringMatching(/disabled/) });
    const bulk = await relay.api(`/v1/webhooks/${hook.id}/redeliver-failed`, { method: 'POST', json: { since: 0 } });
    expect(bulk.status).toBe(409);
    expect((await bulk.json()).error.code).toBe('webhook_inactive');
    const missing = await relay.api('/v1/deliveries/dlv_missing/retry', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });

  it('rotates the secret, the old one signing on for the overlap', async () => {
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Rot', url: 'https://example.com/r', event: 'payment_received' } })).json();
    const rotated = await (await relay.api(`/v1/webhooks/${hook.id}/rotate-secret`, { method: 'POST' })).json();
    expect(rotated.secret).not.toBe(hook.secret);
    expect(Date.parse(rotated.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
  });
});

describe('auth', () => {
  const routes: [string, string][] = [
    ['GET', '/v1/me'], ['GET', '/v1/webhooks'], ['POST', '/v1/webhooks'], ['GET', '/v1/webhooks/wh_x'], ['PATCH', '/v1/webhooks/wh_x'],
    ['DELETE', '/v1/webhooks/wh_x'], ['GET', '/v1/webhooks/wh_x/deliveries'], ['POST', '/v1/webhooks/wh_x/test'], ['GET', '/v1/events'],
    ['POST', '/v1/events'], ['GET', '/v1/events/evt_x'], ['GET', '/v1/event-types'], ['POST', '/v1/deliveries/dlv_x/retry'],
  ];
  it('refuses every /v1 route without, with a wrong, or with a malformed key', async () => {
    for (const [method, path] of routes) {
      for (const authorization of [undefined, 'Bearer wrong-key', `Basic ${relay.keys.apiKey}`, 'Bearer', `Bearer ${relay.keys.apiKey}x`]) {
        const response = await fetch(relay.url + path, { method, headers: authorization ? { authorization } : {} });
        expect(response.status, `${method} ${path} ${authorization}`).toBe(401);
        const body = await response.json();
        expect(body.error.code).toBe('unauthorized');
        expect(JSON.stringify(body)).not.toContain(relay.keys.apiKey);
      }
    }
  });

  it('names the relay on /v1/me and serves health, OpenAPI and the reference page without a key', async () => {
    expect(await (await relay.api('/v1/me')).json()).toEqual({ name: 'Ultimate Multisite relay', version: '0.1.0', store: 'sqlite' });
    expect(await (await fetch(`${relay.url}/healthz`)).json()).toMatchObject({ ok: true, checks: { store: { ok: true }, worker: { ok: true } } });
    const openapi = await (await fetch(`${relay.url}/openapi.json`)).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(openapi.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema.required).toEqual(['name', 'url']);
    expect(Object.keys(openapi.paths['/v1/webhooks'].post.requestBody.content['application/json'].schema.properties)).toEqual(expect.arrayContaining(['event', 'events']));
    const docs = await (await fetch(`${relay.url}/docs`)).text();
    expect(docs).toContain('/v1/webhooks/{id}/test');
  });

  it('never writes the keys into its logs', () => {
    const logs = relay.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(relay.keys.apiKey);
    expect(logs).not.toContain(relay.keys.ingestToken);
  });
});
