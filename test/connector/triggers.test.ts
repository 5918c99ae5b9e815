/** The app's shape: one REST-hook trigger per catalog event, built by the factory, labelled from the catalog. */
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { app, operationOf } from './support/zapier.ts';

const visibleTriggers = Object.values(app.triggers).filter((trigger) => !trigger.display.hidden);

describe('triggers', () => {
  it('has one trigger per catalog event (keyed by slug) plus New Event (any type)', () => {
    expect(visibleTriggers.map((trigger) => trigger.key).sort()).toEqual([...eventCatalog.map((event) => event.slug), 'any_event'].sort());
    for (const [key, trigger] of Object.entries(app.triggers)) expect(trigger.key).toBe(key);
  });

  it('every event trigger is a REST hook with all its functions, a sample and output fields', () => {
    for (const trigger of visibleTriggers) {
      const operation = operationOf(trigger.key);
      expect(operation.type, trigger.key).toBe('hook');
      for (const name of ['perform', 'performList', 'performSubscribe', 'performUnsubscribe'] as const) {
        expect(typeof operation[name], `${trigger.key}.${name}`).toBe('function');
      }
      expect(operation.sample, trigger.key).toMatchObject({ id: expect.any(String), event: expect.any(String) });
      expect(operation.outputFields?.length, trigger.key).toBeGreaterThan(2);
    }
  });

  it('takes label and description from the catalog, and labels every sample field', () => {
    for (const event of eventCatalog) {
      const trigger = { display: app.triggers[event.slug].display, operation: operationOf(event.slug) };
      expect(trigger.display.label).toBe(event.name);
      expect(trigger.display.description).toContain(event.description);
      expect(trigger.operation.sample).toEqual({ id: `sample_${event.slug}`, event: event.slug, ...event.sample });
      const fields = trigger.operation.outputFields as { key: string; label: string }[];
      expect(fields.map((field) => field.key).sort(), event.slug).toEqual(Object.keys(trigger.operation.sample!).sort());
      for (const field of fields) expect(field.label, `${event.slug}.${field.key}`).toMatch(/^[A-Z][A-Za-z0-9 ]+$/);
    }
  });

  it('says so when the stock plugin never posts the event', () => {
    expect(app.triggers.checkout_started.display.description).toMatch(/only logs this event/);
    expect(app.triggers.payment_received.display.description).not.toMatch(/only logs/);
  });
});
