import { describe, expect, it } from 'vitest';
import { isPluginSamplePayload } from '../../shared/events/pluginSample.ts';
import { liveRealEvents, liveRestApi, liveTestEvents, samples2412, type JsonObject } from '../support/pluginFixtures.ts';

const registeredToday = liveRestApi.get('hooks')!.payload as Record<string, { payload: JsonObject }>;

describe("the plugin's Send Test Event is recognised by its mocked identity", () => {
  it("takes every one of 2.4.12's 23 samples for a test", () => {
    expect(samples2412).toHaveLength(23);
    for (const { slug, sample } of samples2412) expect(isPluginSamplePayload(slug, sample), slug).toBe(true);
  });

  it('takes every test event the live 2.4.13-beta.1 plugin posted, and every sample it registers, for a test', () => {
    expect(liveTestEvents.size).toBe(4);
    for (const [slug, { payload }] of liveTestEvents) expect(isPluginSamplePayload(slug, payload), slug).toBe(true);
    expect(Object.keys(registeredToday)).toHaveLength(17);
    for (const [slug, { payload }] of Object.entries(registeredToday)) {
      expect(isPluginSamplePayload(slug, { ...payload, wu_version: '2.4.13-beta.1' }), slug).toBe(true);
    }
  });

  it('never takes a real event for a test', () => {
    expect(liveRealEvents.size).toBe(6);
    for (const [slug, { payload }] of liveRealEvents) expect(isPluginSamplePayload(slug, payload), slug).toBe(false);
  });

  it('survives what changes between plugin versions: codes, URLs, product names, extra and missing keys', () => {
    for (const { slug, sample } of samples2412) {
      const future: JsonObject = { ...sample, wu_version: '3.0.0', a_new_field_in_3_0: 'x' };
      for (const key of Object.keys(future)) {
        if (key.endsWith('_reference_code')) future[key] = 'ZZZ9ZZZ999';
        if (key.endsWith('_product_names')) future[key] = 'Renamed Test Product';
        if (typeof future[key] === 'string' && /^https?:\/\//.test(future[key] as string)) future[key] = 'https://shop.example.org/net/';
      }
      const [firstKey] = Object.keys(sample);
      delete future[firstKey === 'customer_name' ? 'payment_id' : firstKey];
      expect(isPluginSamplePayload(slug, future), slug).toBe(true);
    }
  });

  it('recognises an add-on event by the mocked customer, and no one else', () => {
    expect(isPluginSamplePayload('affiliate_signup', { affiliate_id: 0, customer_id: 0, customer_user_email: 'mockeduser@dev.dev' })).toBe(true);
    expect(isPluginSamplePayload('affiliate_signup', { affiliate_id: 0, customer_name: 'John McMocked', customer_id: 0 })).toBe(true);
    expect(isPluginSamplePayload('affiliate_signup', { affiliate_id: 9, customer_user_email: 'real@person.io' })).toBe(false);
    expect(isPluginSamplePayload('affiliate_signup', {})).toBe(false);
  });

  it('takes a real customer who happens to be called John McMocked for real: the records have ids', () => {
    const real = liveRealEvents.get('payment_received')!.payload;
    expect(isPluginSamplePayload('payment_received', { ...real, customer_name: 'John McMocked', customer_user_email: 'mockeduser@dev.dev' })).toBe(false);
    const nested = liveRealEvents.get('demo_site_expiring')!.payload;
    expect(isPluginSamplePayload('demo_site_expiring', { ...nested, customer_name: 'John McMocked' })).toBe(false);
  });

  it('takes a real anonymous checkout for real, though it has no ids and no person', () => {
    const sample = liveTestEvents.get('checkout_started')!.payload;
    expect(isPluginSamplePayload('checkout_started', { ...sample, form_slug: 'pricing', ip_address: '203.0.113.9', referrer: 'https://google.com/' })).toBe(false);
    expect(isPluginSamplePayload('checkout_failed', { error_codes: ['card_declined'], error_messages: { card_declined: 'Declined' }, user_id: 0 })).toBe(false);
  });
});
