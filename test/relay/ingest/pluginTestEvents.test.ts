import { describe, expect, it } from 'vitest';
import { relayAndReceiverForSuite } from '../../support/testRelay.ts';
import { liveRealEvents, liveTestEvents, samples2412 } from '../../support/pluginFixtures.ts';

const suite = relayAndReceiverForSuite();

interface IngestAnswer { id: string; test: boolean; deliveries: number }

describe("the plugin's Send Test Event at ingest, as the live plugin posts it", () => {
  it('records every test (2.4.12 and today) as a test with no delivery, and fans out every real event', async () => {
    // One catch-all subscriber: a test fanned out would be a delivery to it.
    const hook = await (await suite.relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Everything', url: suite.receiver.url, event: '*' } })).json();
    const tests: IngestAnswer[] = [];
    for (const [slug, { body }] of liveTestEvents) tests.push(await (await suite.relay.ingest(slug, body)).json());
    for (const { slug, sample } of samples2412) tests.push(await (await suite.relay.ingest(slug, sample)).json());
    expect(tests).toHaveLength(4 + 23);
    for (const answer of tests) expect(answer).toMatchObject({ test: true, deliveries: 0 });

    const real: IngestAnswer[] = [];
    for (const [slug, { body }] of liveRealEvents) real.push(await (await suite.relay.ingest(slug, body)).json());
    for (const answer of real) expect(answer).toMatchObject({ test: false, deliveries: 1 });
    // Everything the subscriber ever got is the real events, each once: no test went out before or between them.
    const received = await suite.receiver.waitFor(real.length);
    expect(received.map((request) => request.headers['webhook-id']).sort()).toEqual(real.map((answer) => answer.id).sort());
    await suite.relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  it('keeps test events visible: GET /v1/events?test=true lists only them, the default only real ones', async () => {
    const answer: IngestAnswer = await (await suite.relay.ingest('payment_received', liveTestEvents.get('payment_received')!.body)).json();
    const tests = await (await suite.relay.api('/v1/events?test=true&event=payment_received&limit=100')).json();
    expect(tests.data[0]).toMatchObject({ id: answer.id, test: true, payload: { payment_reference_code: 'JJJ3D44133' } });
    expect(tests.data.every((event: { test: boolean }) => event.test)).toBe(true);
    const real = await (await suite.relay.api('/v1/events?event=payment_received&limit=100')).json();
    expect(real.data.length).toBeGreaterThan(0);
    expect(real.data.every((event: { test: boolean }) => !event.test)).toBe(true);
  });
});
