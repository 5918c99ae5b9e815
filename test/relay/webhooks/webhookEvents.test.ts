/** Several event types per webhook in the API (as Svix, Stripe and GitHub allow), with the single `event` still working. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

let relay: TestRelay;
beforeAll(async () => {
  relay = await startTestRelay();
});
afterAll(() => relay.stop());

const post = (json: Record<string, unknown>) => relay.api('/v1/webhooks', { method: 'POST', json });
const patch = (id: string, json: Record<string, unknown>) => relay.api(`/v1/webhooks/${id}`, { method: 'PATCH', json });

describe('webhooks with several events', () => {
  it('creates with events, reads event as the first of them, lists under each, and PATCHes with events or event', async () => {
    const response = await post({ name: 'CRM', url: 'https://example.com/crm', events: ['payment_received', 'site_published', 'payment_received'] });
    expect(response.status).toBe(201);
    const created = await response.json();
    expect(created).toMatchObject({ events: ['payment_received', 'site_published'], event: 'payment_received' });
    const single = await (await post({ name: 'One', url: 'https://example.com/one', event: 'site_published' })).json();
    expect(single).toMatchObject({ events: ['site_published'], event: 'site_published' });

    const bySite = await (await relay.api('/v1/webhooks?event=site_published')).json();
    expect(bySite.data.map((w: { id: string }) => w.id)).toEqual([single.id, created.id]);

    const edited = await (await patch(created.id, { events: ['domain_created', 'payment_received'] })).json();
    expect(edited).toMatchObject({ events: ['domain_created', 'payment_received'], event: 'domain_created' });
    const narrowed = await (await patch(created.id, { event: 'payment_received' })).json();
    expect(narrowed.events).toEqual(['payment_received']);
    const renamed = await (await patch(created.id, { name: 'CRM 2' })).json();
    expect(renamed.events).toEqual(['payment_received']);
  });

  it('delivers an event to a webhook subscribed to it among others', async () => {
    const hook = await (await post({ name: 'Both', url: 'https://example.com/both', events: ['site_published', 'domain_created'] })).json();
    const emitted = await (await relay.api('/v1/events', { method: 'POST', json: { event: 'domain_created', payload: { domain_id: 1 } } })).json();
    const event = await (await relay.api(`/v1/events/${emitted.id}`)).json();
    expect(event.deliveries.map((d: { webhook_id: string }) => d.webhook_id)).toContain(hook.id);
    // Its deliveries filter by event type and creation time, as on the web page.
    const byType = await (await relay.api(`/v1/webhooks/${hook.id}/deliveries?event=domain_created`)).json();
    expect(byType.data).toHaveLength(1);
    expect((await (await relay.api(`/v1/webhooks/${hook.id}/deliveries?event=site_published`)).json()).data).toEqual([]);
    expect((await (await relay.api(`/v1/webhooks/${hook.id}/deliveries?since=2999-01-01T00:00:00Z`)).json()).data).toEqual([]);
    const badSince = await relay.api(`/v1/webhooks/${hook.id}/deliveries?since=yesterday`);
    expect(badSince.status).toBe(400);
    expect((await badSince.json()).error.field).toBe('since');
  });

  it('refuses event and events together, an empty list, * among others, and names an unknown slug in events', async () => {
    const cases: [Record<string, unknown>, number, string, RegExp][] = [
      [{ event: 'payment_received', events: ['site_published'] }, 400, 'events', /give either event or events/],
      [{ events: [] }, 400, 'events', /at least one event/],
      [{ events: ['*', 'payment_received'] }, 400, 'events', /\* already means every event/],
      [{ events: ['payment_received', 'payment_recieved'] }, 400, 'events', /unknown event "payment_recieved" \(did you mean payment_received\?\)/],
      [{ events: ['Payment'] }, 400, 'events.0', /must be an event slug/],
      [{}, 400, 'event', /is required/],
    ];
    for (const [json, status, field, message] of cases) {
      const response = await post({ name: 'Bad', url: 'https://example.com/bad', ...json });
      expect(response.status, JSON.stringify(json)).toBe(status);
      const { error } = await response.json();
      expect(error.field, JSON.stringify(json)).toBe(field);
      expect(error.message, JSON.stringify(json)).toMatch(message);
    }
    const custom = await post({ name: 'Add-on', url: 'https://example.com/addon', events: ['payment_received', 'affiliate_signup'], custom: true });
    expect(custom.status).toBe(201);
    const hook = await custom.json();
    // Only slugs the webhook did not have yet must be known again.
    expect((await patch(hook.id, { events: ['affiliate_signup', 'site_published'] })).status).toBe(200);
    const unknown = await patch(hook.id, { events: ['affiliate_signup', 'afiliate_paid'] });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.field).toBe('events');
  });

  it('keeps Zapier subscribe idempotent for the same URL and events, and not for other events', async () => {
    const json = { name: 'Zap', url: 'https://hooks.zapier.com/hooks/standard/9/x', events: ['payment_received', 'site_published'], integration: 'zapier' };
    const first = await post(json);
    expect(first.status).toBe(201);
    const again = await post({ ...json, events: ['site_published', 'payment_received'] });
    expect(again.status).toBe(200);
    expect((await again.json()).id).toBe((await first.json()).id);
    const other = await post({ ...json, events: ['payment_received'] });
    expect(other.status).toBe(201);
  });
});
