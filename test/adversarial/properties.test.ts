/**
 * Property-based (fast-check) over ingest and webhook creation: whatever arrives, the answer is a 2xx that stored
 * exactly what was sent, or a 4xx with a JSON error; never a 5xx, never a crash, nothing stored before lost.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { rawRequest, type RawResponse } from './support/rawHttp.ts';

let relay: TestRelay;
let keptId: string;
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_MAX_BODY_BYTES: '8192' });
  keptId = (await (await relay.ingest('payment_received', { payment_id: 1, customer_user_email: 'kept@x.io' })).json()).id;
});
afterAll(() => relay.stop());

function expectWellFormedRefusal(response: RawResponse, label: string) {
  expect(response.status, label).toBeGreaterThanOrEqual(400);
  expect(response.status, label).toBeLessThan(500);
  expect(response.json?.error, label).toMatchObject({ code: expect.any(String), message: expect.any(String) });
}

const slug = fc.oneof(
  fc.constantFrom('payment_received', 'site_published', 'affiliate_signup'),
  fc.stringMatching(/^[a-z0-9_]{1,64}$/),
  fc.string({ maxLength: 40 }),
  fc.constantFrom('..', '%2e%2e', '../x', '%00', 'a/b', '*', ''),
);
const body = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }).map((value) => JSON.stringify(value)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
  fc.nat({ max: 100 }).map((depth) => `{"a":${'['.repeat(depth)}${']'.repeat(depth)}}`),
  fc.nat({ max: 12_000 }).map((size) => `{"a":"${'x'.repeat(size)}"}`),
);

describe('properties', () => {
  it('ingest: a 202 that stored exactly the object sent, or a 4xx with a JSON error', async () => {
    await fc.assert(
      fc.asyncProperty(slug, body, async (eventSlug, payload) => {
        const path = `/ingest/${relay.keys.ingestToken}/${encodeURIComponent(eventSlug)}`;
        const response = await rawRequest(relay.url, 'POST', path, { body: payload, headers: { 'content-type': 'application/json' } });
        const label = `${eventSlug} ${String(payload).slice(0, 80)} → ${response.status} ${response.text.slice(0, 200)}`;
        if (response.status === 202) {
          const sent = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
          expect(sent !== null && typeof sent === 'object' && !Array.isArray(sent), label).toBe(true);
          const stored = await (await relay.api(`/v1/events/${response.json!.id}`)).json();
          expect(stored.payload, label).toEqual(sent);
          expect(stored.event, label).toBe(eventSlug);
        } else {
          expectWellFormedRefusal(response, label);
        }
      }),
      { numRuns: 250 },
    );
  });

  it('POST /v1/events: a 2xx, or a 4xx with a JSON error naming the field', async () => {
    const envelope = fc.record(
      { event: fc.oneof(slug, fc.jsonValue()), payload: fc.oneof(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), fc.jsonValue({ maxDepth: 2 })), id: fc.oneof(fc.string({ maxLength: 300 }), fc.jsonValue()), extra: fc.jsonValue() },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(envelope.map((value) => JSON.stringify(value)), body), async (payload) => {
        const response = await rawRequest(relay.url, 'POST', '/v1/events', { body: payload, headers: { authorization: `Bearer ${relay.keys.apiKey}`, 'content-type': 'application/json' } });
        const label = `${String(payload).slice(0, 120)} → ${response.status} ${response.text.slice(0, 200)}`;
        if (response.status === 200 || response.status === 202) expect(response.json, label).toMatchObject({ ok: true, id: expect.any(String) });
        else expectWellFormedRefusal(response, label);
      }),
      { numRuns: 200 },
    );
  });

  it('webhook creation: a 201 only for a safe http(s) URL, otherwise a 4xx naming the field', async () => {
    const url = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.webUrl({ authoritySettings: { withUserInfo: true, withIPv4: true, withIPv6: true, withPort: true } }),
      fc.string({ maxLength: 60 }),
      fc.tuple(fc.constantFrom('ftp', 'file', 'gopher', 'javascript', 'data', 'ws', 'HTTP', 'hTtPs'), fc.domain()).map(([scheme, host]) => `${scheme}://${host}/x`),
      fc.jsonValue({ maxDepth: 1 }),
    );
    const webhook = fc.record(
      { name: fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 1 })), url, event: fc.oneof(slug, fc.jsonValue({ maxDepth: 1 })), active: fc.jsonValue({ maxDepth: 1 }), integration: fc.string({ maxLength: 70 }), colour: fc.string() },
      { requiredKeys: [] },
    );
    const created: string[] = [];
    await fc.assert(
      fc.asyncProperty(webhook, async (input) => {
        const response = await rawRequest(relay.url, 'POST', '/v1/webhooks', { body: JSON.stringify(input), headers: { authorization: `Bearer ${relay.keys.apiKey}`, 'content-type': 'application/json' } });
        const label = `${JSON.stringify(input).slice(0, 200)} → ${response.status} ${response.text.slice(0, 200)}`;
        if (response.status === 201) {
          created.push(response.json!.id as string);
          const saved = new URL(response.json!.url as string);
          expect(['http:', 'https:'], label).toContain(saved.protocol);
          expect(saved.username + saved.password, label).toBe('');
          expect(input, label).not.toHaveProperty('colour');
        } else {
          expectWellFormedRefusal(response, label);
          expect(response.status, label).toBe(400);
        }
      }),
      { numRuns: 250 },
    );
    for (const id of created) await relay.api(`/v1/webhooks/${id}`, { method: 'DELETE' });
  });

  it('lost nothing and logged no unexpected error', async () => {
    expect((await relay.api(`/v1/events/${keptId}`)).status).toBe(200);
    expect((await relay.api('/v1/events?limit=100&include_tests=true')).status).toBe(200);
    expect((await relay.api('/v1/event-types')).status).toBe(200);
    expect(relay.logs.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });
});
