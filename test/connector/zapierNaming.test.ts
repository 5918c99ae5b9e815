/**
 * The app as Zapier's publishing review reads it: which triggers are visible, their nouns, labels and descriptions
 * (title case, "Triggers when …", short, no app name), and output fields that match their samples one to one,
 * typed as the sample values are (ISO dates, real numbers and booleans), with human labels.
 */
import { describe, expect, it } from 'vitest';
import { eventCatalog } from '../../shared/events/catalog.ts';
import { app, operationOf } from './support/zapier.ts';

const triggers = Object.values(app.triggers);
const visible = triggers.filter((trigger) => !trigger.display.hidden);
const smallWords = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
/** Zapier asks for one plain sentence; long ones are cut in the Zap editor's list. */
const maxDescriptionLength = 100;

function isTitleCase(text: string): boolean {
  return text.split(/\s+/).every((word, index) => (index > 0 && smallWords.has(word)) || /^[A-Z0-9(]/.test(word));
}

type Field = { key: string; label: string; type: string };
const isoDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/;

function matchesType(value: unknown, type: string): boolean {
  if (value === null) return true;
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value);
  if (type === 'boolean') return typeof value === 'boolean';
  if (type === 'datetime') return typeof value === 'string' && isoDateTime.test(value);
  return typeof value === 'string';
}

describe('Zapier naming and field rules', () => {
  it('shows a trigger for every event a stock network sends, plus New Event; no other (no generic "Updated" triggers)', () => {
    const canFire = eventCatalog.filter((event) => event.canFire).map((event) => event.slug);
    // The nine a stock network POSTs, and the relay's own two (Webhook Failing, Webhook Disabled).
    expect(canFire).toHaveLength(11);
    expect(visible.map((trigger) => trigger.key).sort()).toEqual([...canFire, 'any_event'].sort());
    for (const trigger of triggers) expect(trigger.display.label, trigger.key).not.toMatch(/Updated/);
    // Hidden: the dropdown feeds (event types; the network's plans, products, customers and sites for the actions).
    expect(triggers.filter((trigger) => trigger.display.hidden).map((trigger) => trigger.key).sort()).toEqual(['customer_list', 'event_type_list', 'plan_list', 'product_list', 'site_list']);
    for (const [key, trigger] of Object.entries(app.triggers)) expect(trigger.key).toBe(key);
  });

  it('labels are short and title case, nouns short and part of the label', () => {
    for (const trigger of triggers) {
      const label = trigger.display.label ?? '';
      expect(isTitleCase(label), label).toBe(true);
      expect(label.length, trigger.key).toBeLessThanOrEqual(30);
      expect(trigger.noun.split(' ').length, trigger.key).toBeLessThanOrEqual(2);
      expect(isTitleCase(trigger.noun), trigger.noun).toBe(true);
      if (!trigger.display.hidden) expect(label, trigger.key).toContain(trigger.noun);
    }
    expect(new Set(triggers.map((trigger) => trigger.display.label)).size).toBe(triggers.length);
  });

  it('descriptions are one sentence starting "Triggers when", short, not naming the app', () => {
    for (const trigger of triggers) {
      const description = trigger.display.description ?? '';
      expect(description, trigger.key).toMatch(/^Triggers when [a-z].*\.$/);
      expect(description.length, `${trigger.key}: ${description}`).toBeLessThanOrEqual(maxDescriptionLength);
      expect(description, trigger.key).not.toMatch(/Ultimate Multisite|WP Ultimo|Zapier/);
    }
  });

  it('every hook trigger has its four functions, a sample and output fields that match it key for key, without duplicates', () => {
    for (const trigger of visible) {
      const operation = operationOf(trigger.key);
      expect(operation.type, trigger.key).toBe('hook');
      for (const name of ['perform', 'performList', 'performSubscribe', 'performUnsubscribe'] as const) expect(typeof operation[name], `${trigger.key}.${name}`).toBe('function');
      const fields = (operation.outputFields ?? []).filter((field): field is Field => typeof field === 'object');
      const keys = fields.map((field) => field.key);
      expect(new Set(keys).size, trigger.key).toBe(keys.length);
      if (trigger.key !== 'any_event') expect(keys, trigger.key).toEqual(Object.keys(operation.sample!));
    }
  });

  it('output fields have human labels and types, and every sample value has its field’s type', () => {
    for (const trigger of visible.filter((candidate) => candidate.key !== 'any_event')) {
      const operation = operationOf(trigger.key);
      for (const field of operation.outputFields as Field[]) {
        expect(field.label, `${trigger.key}.${field.key}`).toMatch(/^[A-Z][A-Za-z0-9 ,()]+$/);
        expect(field.label, `${trigger.key}.${field.key}`).not.toMatch(/\bRaw\b|\bWu\b|Domain Domain/);
        expect(['string', 'integer', 'number', 'boolean', 'datetime'], `${trigger.key}.${field.key}`).toContain(field.type);
        expect(matchesType(operation.sample![field.key], field.type), `${trigger.key}.${field.key} = ${JSON.stringify(operation.sample![field.key])} as ${field.type}`).toBe(true);
      }
    }
  });

  it('samples are realistic: no mocked ids, names, zero amounts or empty dates', () => {
    for (const trigger of visible.filter((candidate) => candidate.key !== 'any_event')) {
      const sample = operationOf(trigger.key).sample!;
      const text = JSON.stringify(sample);
      expect(text, trigger.key).not.toMatch(/McMocked|mockeduser|linktopayment|linktoverifyemail/);
      for (const [key, value] of Object.entries(sample)) {
        if (/_id$/.test(key)) expect(value, `${trigger.key}.${key}`).toBeGreaterThan(0);
        if (/date|_at$/.test(key)) expect(value, `${trigger.key}.${key}`).toMatch(isoDateTime);
      }
      if ('payment_total' in sample) expect(sample.payment_total, trigger.key).toBeGreaterThan(0);
      if ('customer_name' in sample) expect(sample).toMatchObject({ customer_first_name: expect.any(String), customer_last_name: expect.any(String) });
    }
  });

  it('offers a payment status filter on every trigger with a payment status, and a product filter where products are named', () => {
    for (const trigger of visible.filter((candidate) => candidate.key !== 'any_event')) {
      const operation = operationOf(trigger.key);
      const inputs = (operation.inputFields ?? []).map((field) => field.key);
      expect(inputs.includes('filter_payment_status'), trigger.key).toBe('payment_status' in operation.sample!);
      expect(inputs.includes('filter_product'), trigger.key).toBe('payment_product_names' in operation.sample!);
      for (const field of operation.inputFields ?? []) expect(field, `${trigger.key}.${String(field.key)}`).toMatchObject({ required: false, label: expect.any(String), helpText: expect.any(String) });
    }
    expect(operationOf('payment_received').inputFields).toContainEqual(expect.objectContaining({ key: 'filter_payment_status', list: true, choices: expect.objectContaining({ completed: 'Completed', failed: 'Failed' }) }));
    expect(operationOf('demo_site_expiring').inputFields).toContainEqual(expect.objectContaining({ key: 'filter_plan' }));
  });
});

type InputField = { key: string; label?: string; type?: string; required?: boolean; helpText?: string; dynamic?: string; search?: string; choices?: unknown };
type ActionOperation = { inputFields?: InputField[]; outputFields?: Field[]; sample?: Record<string, unknown> };

describe('Zapier naming and field rules: actions and searches', () => {
  const creates = Object.values(app.creates);
  const searches = Object.values(app.searches);
  const actions = [...creates, ...searches];
  const searchOrCreates = Object.values((app as unknown as { searchOrCreates: Record<string, { key: string; search: string; create: string; display: { label: string; description: string } }> }).searchOrCreates);

  it('has the actions and searches of the issue, and Find or Create Customer', () => {
    expect(creates.map((create) => create.display.label).sort()).toEqual(['Create Customer', 'Create Membership', 'Register Account', 'Update Membership']);
    expect(searches.map((search) => search.display.label).sort()).toEqual(['Find Customer', 'Find Membership', 'Find Payment']);
    expect(searchOrCreates.map((pair) => pair.display.label)).toEqual(['Find or Create Customer']);
    for (const [key, action] of [...Object.entries(app.creates), ...Object.entries(app.searches)]) expect(action.key).toBe(key);
  });

  it('labels are title case and name the noun; descriptions are one sentence in the third person, short, not naming the app', () => {
    for (const action of actions) {
      const label = action.display.label ?? '';
      expect(isTitleCase(label), label).toBe(true);
      expect(label, action.key).toContain(action.noun);
      expect(action.noun.split(' ').length).toBeLessThanOrEqual(2);
      const description = action.display.description ?? '';
      expect(description, action.key).toMatch(/^(Creates|Gives|Registers|Changes|Finds) [a-z].*\.$/);
      expect(description.length, description).toBeLessThanOrEqual(maxDescriptionLength);
      expect(description, action.key).not.toMatch(/Ultimate Multisite|WP Ultimo|Zapier/);
    }
    for (const search of searches) expect(search.display.label).toMatch(/^Find /);
    for (const pair of searchOrCreates) {
      expect(pair.key).toBe(pair.search);
      expect(app.searches[pair.search].noun).toBe(app.creates[pair.create].noun);
    }
  });

  it('input fields have labels, help text and types; dropdowns and search links point at what exists', () => {
    const hiddenTriggers = new Set(triggers.filter((trigger) => trigger.display.hidden).map((trigger) => trigger.key));
    for (const action of actions) {
      const inputs = ((action.operation as ActionOperation).inputFields ?? []);
      expect(inputs.length, action.key).toBeGreaterThan(0);
      for (const field of inputs) {
        const where = `${action.key}.${field.key}`;
        expect(isTitleCase(field.label ?? ''), where).toBe(true);
        expect(field.helpText ?? (field.choices ? 'has choices' : ''), where).not.toBe('');
        expect(['string', 'integer', 'number', 'boolean', 'datetime', 'password'], where).toContain(field.type);
        expect(typeof field.required, where).toBe('boolean');
        if (field.dynamic) expect(hiddenTriggers.has(field.dynamic.split('.')[0]), where).toBe(true);
        if (field.search) expect(app.searches[field.search.split('.')[0]], where).toBeDefined();
        if (/_id$/.test(field.key)) expect(field.type, where).toBe('integer');
        if (/date/.test(field.key)) expect(field.type, where).toBe('datetime');
      }
    }
    const required = (key: string, kind: 'creates' | 'searches') => ((app[kind][key].operation as ActionOperation).inputFields ?? []).filter((field) => field.required).map((field) => field.key).sort();
    expect(required('create_customer', 'creates')).toEqual(['email', 'username']);
    expect(required('create_membership', 'creates')).toEqual(['customer_id', 'plan_id']);
    expect(required('update_membership', 'creates')).toEqual(['membership_id']);
    expect(required('register_account', 'creates')).toEqual(['products']);
    expect(required('find_payment', 'searches')).toEqual(['reference_code']);
  });

  it('output fields match the samples key for key, typed as the values are (ISO dates, numbers, booleans), with realistic values', () => {
    for (const action of actions) {
      const operation = action.operation as ActionOperation;
      const fields = operation.outputFields ?? [];
      expect(fields.map((field) => field.key), action.key).toEqual(Object.keys(operation.sample!));
      expect(new Set(fields.map((field) => field.label)).size, action.key).toBe(fields.length);
      for (const field of fields) {
        const value = operation.sample![field.key];
        expect(field.label, `${action.key}.${field.key}`).toMatch(/^[A-Z][A-Za-z0-9 ,()]+$/);
        expect(matchesType(value, field.type), `${action.key}.${field.key} = ${JSON.stringify(value)} as ${field.type}`).toBe(true);
        if (/(^|_)id$/.test(field.key) && field.type === 'integer') expect(value, `${action.key}.${field.key}`).toBeGreaterThan(0);
      }
      expect(JSON.stringify(operation.sample), action.key).not.toMatch(/McMocked|mockeduser/);
    }
  });
});
