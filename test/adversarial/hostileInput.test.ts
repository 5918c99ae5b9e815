/**
 * Hostile input on every endpoint: each gets a 4xx with a JSON error naming the problem, never a 5xx, never a
 * crash, and nothing stored before is lost. Raw requests, so paths go out exactly as written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEventType } from '../../shared/events/catalog.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { deeplyNested, rawRequest, type RawResponse } from './support/rawHttp.ts';

let relay: TestRelay;
let small: TestRelay;
let receiver: Receiver;
let webhookId: string;
let deliveryId: string;
const storedIds: string[] = [];

beforeAll(async () => {
  [relay, small, receiver] = await Promise.all([startTestRelay(), startTestRelay({ RELAY_MAX_BODY_BYTES: '4096' }), startReceiver()]);
  webhookId = (await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Kept', url: receiver.url, event: 'payment_received' } })).json()).id;
  for (let i = 0; i < 5; i++) {
    const answer = await (await relay.ingest('payment_received', { ...findEventType('payment_received')!.sample, payment_id: 9000 + i, customer_user_email: `k${i}@x.io` })).json();
    storedIds.push(answer.id);
  }
  await receiver.waitFor(5);
  deliveryId = (await (await relay.api(`/v1/webhooks/${webhookId}/deliveries`)).json()).data[0].id;
});
afterAll(async () => {
  await Promise.all([relay.stop(), small.stop(), receiver.close()]);
});

const json = { 'content-type': 'application/json' };
const auth = () => ({ authorization: `Bearer ${relay.keys.apiKey}`, ...json });
const send = (method: string, path: string, body?: string | Buffer, headers: Record<string, string> = auth()) => rawRequest(relay.url, method, path, { body, headers });

function expectClearError(response: RawResponse, label: string, statuses: number[] = [400, 404, 413]) {
  expect(statuses, `${label}: ${response.status} ${response.text.slice(0, 200)}`).toContain(response.status);
  expect(response.headers['content-type'], label).toMatch(/^application\/json/);
  expect(response.json?.error, label).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect(response.json!.error!.message.length, label).toBeGreaterThan(5);
}

const validBody = () => ({
  ingest: { payment_id: 1, customer_user_email: 'v@x.io' },
  events: { event: 'payment_received', payload: { payment_id: 1 } },
  webhooks: { name: 'Valid', url: 'https://example.com/h', event: 'payment_received' },
  patch: { name: 'Renamed' },
  test: { event: 'payment_received' },
  redeliver: { since: new Date().toISOString() },
});

/** Every route that reads a JSON body, with a well-formed body for it. */
const bodyRoutes = (): [string, string, keyof ReturnType<typeof validBody>, Record<string, string>][] => [
  ['POST', `/ingest/${relay.keys.ingestToken}/payment_received`, 'ingest', json],
  ['POST', '/v1/events', 'events', auth()],
  ['POST', '/v1/webhooks', 'webhooks', auth()],
  ['PATCH', `/v1/webhooks/${webhookId}`, 'patch', auth()],
  ['POST', `/v1/webhooks/${webhookId}/test`, 'test', auth()],
  ['POST', `/v1/webhooks/${webhookId}/redeliver-failed`, 'redeliver', auth()],
];

const hostileBodies: [string, string | Buffer][] = [
  ['truncated JSON', '{"a":'],
  ['not JSON', 'payment_id=1&x=2'],
  ['single quotes', "{'a':1}"],
  ['trailing garbage', '{"a":1}}'],
  ['trailing comma', '{"a":1,}'],
  ['NaN', '{"a":NaN}'],
  ['NUL byte', '\u0000'],
  ['empty', ''],
  ['whitespace', '  \n\t '],
  ['array', '[{"a":1}]'],
  ['string', '"payment"'],
  ['number', '42'],
  ['null', 'null'],
  ['true', 'true'],
  ['10,000-deep arrays', deeplyNested(10_000)],
  ['10,000-deep objects', deeplyNested(10_000, '{"b":', '}').replace('{"b":}', '{"b":1}').replace(/\{"b":\}/g, '{"b":1}')],
  ['invalid UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"}')])],
  ['overlong UTF-8 NUL', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')])],
  ['UTF-16 surrogate in UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')])],
  ['over the 1 MiB limit', `{"a":"${'x'.repeat(1024 * 1024)}"}`],
];

describe('hostile bodies on every endpoint that reads one', () => {
  it('answers each with a 4xx and a JSON error', async () => {
    for (const [method, path, kind, headers] of bodyRoutes()) {
      for (const [label, body] of hostileBodies) {
        if (label === 'empty' && path.endsWith('/test')) continue; // Send Test Event's body is optional
        const response = await send(method, path, body, headers);
        expectClearError(response, `${method} ${path} ${label}`);
        if (label.includes("limit")) expect(response.json!.error, `${method} ${path} ${response.text}`).toMatchObject({ code: 'payload_too_large', field: 'body' });
        if (label.includes('deep')) expect(response.json!.error!.message).toMatch(/deeper than 64 levels/);
        if (label.includes('UTF')) expect(response.json!.error!.message).toMatch(/not valid UTF-8/);
      }
      // The well-formed body still works on the same route afterwards.
      const ok = await send(method, path, JSON.stringify(validBody()[kind]), headers);
      expect(ok.status, `${method} ${path} valid: ${ok.text}`).toBeLessThan(300);
    }
  });

  it('refuses a 1 MiB + 1 byte body by default and honours RELAY_MAX_BODY_BYTES, with or without Content-Length', async () => {
    const exactly = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;
    expect(Buffer.byteLength(exactly(1024 * 1024))).toBe(1024 * 1024);
    const ingestPath = `/ingest/${relay.keys.ingestToken}/payment_received`;
    expect((await send('POST', ingestPath, exactly(1024 * 1024), json)).status).toBe(202);
    expectClearError(await send('POST', ingestPath, exactly(1024 * 1024 + 1), json), 'default limit', [413]);

    const smallIngest = `/ingest/${small.keys.ingestToken}/payment_received`;
    expect((await rawRequest(small.url, 'POST', smallIngest, { body: exactly(4096), headers: json })).status).toBe(202);
    for (const headers of [json, { ...json, 'transfer-encoding': 'chunked' }]) {
      const response = await rawRequest(small.url, 'POST', smallIngest, { body: exactly(4097), headers });
      expectClearError(response, 'RELAY_MAX_BODY_BYTES=4096', [413]);
      expect(response.json!.error!.message).toMatch(/4096 byte limit/);
    }
  });

  it('refuses unknown fields and wrong types on the API, naming the field; passes the plugin’s unknown fields through', async () => {
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/v1/events', { ...validBody().events, extra: 1 }, /unknown field "extra"/],
      ['POST', '/v1/events', { event: 7, payload: {} }, /^event: must be a string/],
      ['POST', '/v1/events', { event: 'payment_received', payload: 'x' }, /^payload: must be a JSON object/],
      ['POST', '/v1/events', { event: 'payment_received', payload: null }, /^payload: /],
      ['POST', '/v1/events', { event: 'payment_received', payload: {}, id: '' }, /^id: /],
      ['POST', '/v1/events', { event: 'payment_received', payload: {}, id: 'x'.repeat(256) }, /^id: /],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, secret: 'whsec_mine' }, /unknown field "secret"/],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, name: ['a', 'b'] }, /^name: must be a string/],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, url: 42 }, /^url: must be a string/],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, event: null }, /^event: must be a string/],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, active: 1 }, /^active: must be true or false/],
      ['POST', '/v1/webhooks', { ...validBody().webhooks, name: 'x'.repeat(192) }, /^name: must be at most 191/],
      ['PATCH', `/v1/webhooks/${webhookId}`, { id: 'wh_other' }, /unknown field "id"/],
      ['PATCH', `/v1/webhooks/${webhookId}`, { active: 'false' }, /^active: must be true or false/],
      ['POST', `/v1/webhooks/${webhookId}/test`, { event: 'Payment Received' }, /^event: must be an event slug/],
      ['POST', `/v1/webhooks/${webhookId}/redeliver-failed`, { since: -1 }, /^since: /],
      ['POST', `/v1/webhooks/${webhookId}/redeliver-failed`, {}, /^since: /],
    ];
    for (const [method, path, body, message] of cases) {
      const response = await send(method, path, JSON.stringify(body));
      expectClearError(response, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}`, [400]);
      expect(response.json!.error!.message, JSON.stringify(body).slice(0, 80)).toMatch(message);
    }
    // The plugin's body is flat and open-ended (add-ons add keys): unknown keys are kept, byte for byte.
    const body = '{"payment_id":5,"unknown_addon_field":{"x":[1,2]},"__proto__":{"polluted":true}}';
    const answer = await send('POST', `/ingest/${relay.keys.ingestToken}/payment_received`, body, json);
    expect(answer.status).toBe(202);
    expect((await (await relay.api(`/v1/events/${answer.json!.id}`)).json()).payload).toEqual(JSON.parse(body));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps a "__proto__" key of an API event’s payload instead of dropping it', async () => {
    const response = await send('POST', '/v1/events', '{"event":"payment_received","payload":{"__proto__":{"x":1},"y":2}}');
    expect(response.status).toBe(202);
    const stored = await (await relay.api(`/v1/events/${response.json!.id}`)).text();
    expect(stored).toContain('"payload":{"__proto__":{"x":1},"y":2}');
  });
});

describe('hostile paths, queries and headers', () => {
  it('refuses event slugs with path tricks without storing anything', async () => {
    const before = (await (await relay.api('/v1/events?limit=100&include_tests=true')).json()).data.length;
    const token = relay.keys.ingestToken;
    const slugs = ['../etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%2e%2e%2f%2e%2e', '..', '.', 'payment_received%00', '%00', 'payment_received%00.json',
      'payment_received/..', 'payment_received%2f..', '%252e%252e', 'PAYMENT_RECEIVED', 'payment%20received', '%E0%A4%A', '%ZZ', 'x'.repeat(300), '%F0%9F%98%80',
      'payment_received;rm', '..\\..\\windows'];
    for (const slug of slugs) {
      // The URL parser resolves literal dot segments (/ingest/T/../x is /ingest/x): those land on a wrong token.
      const response = await send('POST', `/ingest/${token}/${slug}`, '{"payment_id":1}', json);
      expectClearError(response, slug, [400, 401, 404]);
    }
    for (const path of [`/ingest/../v1/me`, `/ingest/${token}%00/payment_received`, `/ingest/${token}/../../v1/webhooks`, `/ingest//payment_received`, `/ingest/%2e%2e/payment_received`]) {
      expectClearError(await send('POST', path, '{}', json), path, [400, 401, 404]);
    }
    const after = (await (await relay.api('/v1/events?limit=100&include_tests=true')).json()).data.length;
    expect(after).toBe(before);
  });

  it('refuses hostile query strings and ids on the read routes', async () => {
    const paths = ['/v1/events?limit=0', '/v1/events?limit=1e3', '/v1/events?limit=-1', '/v1/events?limit=abc', '/v1/events?limit=1.5', '/v1/events?before=abc',
      '/v1/events?event=..%2f', '/v1/events?event=%00', '/v1/events?include_tests=yes', '/v1/webhooks?active=maybe', '/v1/webhooks?event=*%2f',
      `/v1/webhooks/${webhookId}/deliveries?status=lost`, '/v1/events/%00', '/v1/events/..%2f..%2fsettings', '/v1/webhooks/%27%20OR%201%3D1--', `/v1/deliveries/${'x'.repeat(5000)}`,
      '/v1/events?limit=%E0%A4%A'];
    for (const path of paths) expectClearError(await send('GET', path), path, [400, 404]);
  });

  it('answers huge header values with a JSON 4xx', async () => {
    const ingestPath = `/ingest/${relay.keys.ingestToken}/payment_received`;
    const huge = await send('POST', ingestPath, '{"payment_id":1}', { ...json, 'x-filler': 'v'.repeat(20_000) });
    expectClearError(huge, 'a 20 KB header', [431]);
    const hugeAuth = await send('GET', '/v1/me', undefined, { authorization: `Bearer ${'k'.repeat(20_000)}` });
    expectClearError(hugeAuth, 'a 20 KB Authorization header', [431]);
    const longAuth = await send('GET', '/v1/me', undefined, { authorization: `Bearer ${'k'.repeat(10_000)}` });
    expectClearError(longAuth, 'a 10 KB Authorization header', [401]);
    const longKey = await send('POST', '/v1/events', JSON.stringify(validBody().events), { ...auth(), 'idempotency-key': 'i'.repeat(10_000) });
    expectClearError(longKey, 'a 10 KB Idempotency-Key', [400]);
  });

  it('checks webhook URLs: credentials, schemes, IDN and IPv6 literals', async () => {
    const refused: [string, RegExp][] = [
      ['https://user:pass@example.com/h', /user name or password/],
      ['https://user@example.com/h', /user name or password/],
      ['https://:secret@example.com/h', /user name or password/],
      ['ftp://example.com/h', /http or https, not ftp/],
      ['file:///etc/passwd', /http or https, not file/],
      ['gopher://127.0.0.1:6379/_FLUSHALL', /http or https, not gopher/],
      ['javascript:alert(1)', /http or https, not javascript/],
      ['data:text/plain,hi', /http or https, not data/],
      ['ws://example.com/socket', /http or https, not ws/],
      ['dict://127.0.0.1:11211/', /http or https, not dict/],
      ['http://[fe80::1%25eth0]/h', /full URL/],
      ['http://[::1/h', /full URL/],
      ['http://example.com:99999/h', /full URL/],
      ['http://exa mple.com/h', /must not contain spaces/],
      ['//example.com/h', /full URL/],
      ['/relative/path', /full URL/],
      ['http://', /full URL/],
      [`https://example.com/${'a'.repeat(2100)}`, /at most 2048/],
      ['http://ex_ample.com/h', /invalid host name/],
    ];
    for (const [url, message] of refused) {
      const response = await send('POST', '/v1/webhooks', JSON.stringify({ ...validBody().webhooks, url }));
      expectClearError(response, url.slice(0, 80), [400]);
      expect(response.json!.error, url.slice(0, 80)).toMatchObject({ field: 'url', message: expect.stringMatching(message) });
    }
    // Accepted when saved; the SSRF guard checks the resolved address at connect time (ssrf.test.ts).
    const accepted = ['https://bücher.example/hook', 'https://xn--bcher-kva.example/hook', 'http://[2606:4700:4700::1111]:8080/h', 'http://[::1]/h', 'HTTPS://EXAMPLE.COM/H', 'https://example.com/h?x=%00'];
    for (const url of accepted) {
      const response = await send('POST', '/v1/webhooks', JSON.stringify({ ...validBody().webhooks, url }));
      expect(response.status, `${url}: ${response.text}`).toBe(201);
      await relay.api(`/v1/webhooks/${response.json!.id}`, { method: 'DELETE' });
    }
  });

  it('never answers a 5xx to routes that take no body, whatever is sent', async () => {
    const routes: [string, string][] = [
      ['POST', `/v1/webhooks/${webhookId}/rotate-secret`], ['POST', `/v1/deliveries/${deliveryId}/retry`], ['DELETE', '/v1/webhooks/wh_missing'],
      ['GET', '/v1/me'], ['GET', '/healthz'], ['PUT', '/v1/webhooks'], ['OPTIONS', '/v1/events'], ['TRACE', '/v1/events'],
    ];
    for (const [method, path] of routes) {
      for (const [label, body] of hostileBodies.slice(0, 18)) {
        const response = await send(method, path, body);
        expect(response.status, `${method} ${path} ${label}`).toBeLessThan(500);
        expect(response.json, `${method} ${path} ${label}`).toBeDefined();
      }
    }
  });
});

describe('after all of it', () => {
  it('has lost nothing, still lists and delivers, and logged no unexpected error', async () => {
    for (const id of storedIds) expect((await relay.api(`/v1/events/${id}`)).status).toBe(200);
    expect((await relay.api('/v1/events?limit=100&include_tests=true')).status).toBe(200);
    expect((await relay.api('/v1/event-types')).status).toBe(200);
    expect((await relay.api(`/v1/webhooks/${webhookId}/deliveries?limit=100`)).status).toBe(200);
    expect(await (await fetch(`${relay.url}/healthz`)).json()).toMatchObject({ ok: true });
    const count = receiver.requests.length;
    await relay.ingest('payment_received', { payment_id: 9999, customer_user_email: 'after@x.io' });
    await receiver.waitFor(count + 1);
    expect(relay.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
