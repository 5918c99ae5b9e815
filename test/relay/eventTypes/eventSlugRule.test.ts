/** Event slugs typed by a person are checked; ingest still takes any slug; event types list what can fire. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCatalog } from '../../../shared/events/catalog.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(async () => {
  await relay.stop();
});

const cli = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', ...args], {
    cwd: root,
    env: { ...process.env, RELAY_URL: relay.url, RELAY_API_KEY: relay.keys.apiKey, RELAY_INGEST_TOKEN: relay.keys.ingestToken },
  });
const hook = { name: 'Typo', url: 'https://example.com/hook' };

describe('unknown event slugs are refused where a person types them', () => {
  it('API: POST and PATCH /v1/webhooks answer 400 naming the field, with the slug meant', async () => {
    const typo = await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: 'payment_recieved' } });
    expect(typo.status).toBe(400);
    const { error } = await typo.json();
    expect(error).toMatchObject({ code: 'unknown_event', field: 'event' });
    expect(error.message).toMatch(/^event: unknown event "payment_recieved" \(did you mean payment_received\?\)/);
    const nothingClose = await (await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: 'zzz_qqq_www' } })).json();
    expect(nothingClose.error.message).not.toMatch(/did you mean/);

    const created = await (await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: 'payment_received' } })).json();
    const patched = await relay.api(`/v1/webhooks/${created.id}`, { method: 'PATCH', json: { event: 'site_publishd' } });
    expect(patched.status).toBe(400);
    expect((await patched.json()).error.message).toMatch(/did you mean site_published\?/);
    // The typo was not listed as an add-on event.
    const types = (await (await relay.api('/v1/event-types?all=true')).json()).data.map((type: { slug: string }) => type.slug);
    expect(types).not.toContain('payment_recieved');
  });

  it('accepts a custom event on purpose, one already received at ingest, * and every catalog slug', async () => {
    const onPurpose = await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: 'affiliate_payout', custom: true } });
    expect(onPurpose.status).toBe(201);
    expect((await onPurpose.json()).event).toBe('affiliate_payout');
    expect((await relay.ingest('coupon_redeemed', { coupon_id: 4 })).status).toBe(202);
    expect((await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: 'coupon_redeemed' } })).status).toBe(201);
    expect((await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: '*' } })).status).toBe(201);
    for (const { slug } of eventCatalog) expect((await relay.api('/v1/webhooks', { method: 'POST', json: { ...hook, event: slug } })).status, slug).toBe(201);
  });

  it('CLI: webhooks add --event with a typo fails with the suggestion; --custom creates it', async () => {
    const failed = await cli('webhooks', 'add', '--name', 'From CLI', '--url', 'https://example.com/c', '--event', 'payment_recieved').then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/did you mean payment_received\?/);
    const { stdout } = await cli('webhooks', 'add', '--name', 'From CLI', '--url', 'https://example.com/c', '--event', 'partner_signup', '--custom', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ event: 'partner_signup' });
  });
});

describe('event types show what can fire, and mark the rest', () => {
  it('GET /v1/event-types lists only events that can fire unless all=true, each marked', async () => {
    const { data: canFire } = await (await relay.api('/v1/event-types')).json();
    expect(canFire.every((type: { can_fire: boolean }) => type.can_fire)).toBe(true);
    expect(canFire.map((type: { slug: string }) => type.slug)).not.toContain('checkout_started');
    const { data: all } = await (await relay.api('/v1/event-types?all=true')).json();
    expect(all.find((type: { slug: string }) => type.slug === 'checkout_started')).toMatchObject({ can_fire: false, plugin_delivery: 'records-only', plugin_delivery_since: '2.5.0-dev' });
    expect(all.find((type: { slug: string }) => type.slug === 'customer_created')).toMatchObject({ can_fire: false, plugin_delivery: 'not-registered', plugin_delivery_since: '2.4.13-beta.1' });
  });

  it("describes demo_site_expiring's real nested shape, and its JSON Schema accepts the real event", async () => {
    const { data } = await (await relay.api('/v1/event-types')).json();
    const demo = data.find((type: { slug: string }) => type.slug === 'demo_site_expiring');
    expect(demo.live_example).toMatchObject({ site: { title: expect.any(String) }, membership: { status: 'expired' }, customer: { id: '3' }, demo_time_remaining: '1 hour' });
    const schema = JSON.stringify(demo.schema);
    for (const nestedField of ['"site"', '"blog_id"', '"membership"', '"compiled_product_list"', '"customer"', '"email_verification"']) expect(schema).toContain(nestedField);
  });

  it('CLI: event-types hides what never fires; --all shows it, marked', async () => {
    const { stdout: canFire } = await cli('event-types');
    expect(canFire).toMatch(/^payment_received\s+Payment Received$/m);
    expect(canFire).not.toContain('checkout_started');
    const { stdout: all } = await cli('event-types', '--all');
    expect(all).toMatch(/^checkout_started\s+Checkout Started\s+\[never fires: the plugin only logs it, since 2\.5\.0-dev\]$/m);
    expect(all).toMatch(/^customer_created\s+Customer Created\s+\[never fires: not registered by the plugin, 2\.4\.13-beta\.1\]$/m);
  });
});
