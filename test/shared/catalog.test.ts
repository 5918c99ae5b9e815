import { describe, expect, it } from 'vitest';
import { eventCatalog, fieldLabel, findEventType } from '../../shared/events/catalog.ts';
import { isPluginSamplePayload } from '../../shared/events/pluginSample.ts';

describe('event catalog', () => {
  it('holds the 25 event types (23 of the plugin, 2 of the relay about its own webhooks), each accepting its own sample', () => {
    expect(eventCatalog).toHaveLength(25);
    expect(new Set(eventCatalog.map((e) => e.slug)).size).toBe(25);
    expect(eventCatalog.filter((e) => e.pluginDelivery === 'relay').map((e) => e.slug)).toEqual(['relay_webhook_failing', 'relay_webhook_disabled']);
    for (const eventType of eventCatalog) {
      expect(eventType.schema.safeParse(eventType.sample).success, eventType.slug).toBe(true);
    }
  });

  it('parses real-world variants leniently and keeps unknown keys', () => {
    const schema = findEventType('payment_received')!.schema;
    const parsed = schema.parse({ payment_id: '42', payment_total_raw: '19.90', payment_status: null, addon_field: { x: 1 } });
    expect(parsed).toMatchObject({ payment_id: '42', addon_field: { x: 1 } });
    expect(schema.safeParse({ payment_id: 'forty-two' }).success).toBe(false);
    const domain = findEventType('domain_created')!.schema;
    expect(domain.safeParse({ domain_active: 'true', domain_primary: 'false', domain_secure: true }).success).toBe(true);
  });

  it('accepts demo_site_expiring nested as the plugin really sends it, and flat as its sample', () => {
    const schema = findEventType('demo_site_expiring')!.schema;
    const nested = { site: { site_id: '12', site_title: 'Demo' }, membership: [], customer: { customer_id: 3 }, demo_expires_at: '2026-01-01 00:00:00', wu_version: '2.5.0' };
    expect(schema.safeParse(nested).success).toBe(true);
    expect(schema.safeParse(findEventType('demo_site_expiring')!.sample).success).toBe(true);
  });

  it('recognises the plugin sample, and not a real event', () => {
    const sample = { ...findEventType('payment_received')!.sample, wu_version: '2.4.13', payment_invoice_url: 'https://my.network/?action=invoice' };
    expect(isPluginSamplePayload('payment_received', sample)).toBe(true);
    expect(isPluginSamplePayload('payment_received', { ...sample, payment_id: 981 })).toBe(false);
    expect(isPluginSamplePayload('affiliate_signup', { customer_user_email: 'mockeduser@dev.dev' })).toBe(true);
    expect(isPluginSamplePayload('affiliate_signup', { customer_user_email: 'real@person.io' })).toBe(false);
  });

  it('labels fields for people', () => {
    expect(fieldLabel('payment_total_raw')).toBe('Payment Total Raw');
    expect(fieldLabel('customer_user_id')).toBe('Customer User ID');
  });
});
