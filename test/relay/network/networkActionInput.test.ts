/**
 * What the action routes accept as dates, ids and amounts: a plain date or an ISO 8601 date-time, decimal
 * whole numbers in the safe range, decimal amounts. Anything else is a 400 naming the field, and the network
 * never sees the call (no 500, no date moved to another day, no id read as another).
 */
import { describe, expect, it } from 'vitest';
import { pluginDateOf, positiveWholeNumber } from '../../../relay/src/api/networkActionSchemas.ts';
import { relayConnectedToPluginDouble } from '../../support/pluginApiDouble.ts';

const suite = relayConnectedToPluginDouble();

/** Sends `body` as raw JSON text (so 9007199254740993 reaches the relay as written). */
const send = (method: string, path: string, body?: string) =>
  suite.relay.api(path, { method, ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }) });

async function refusal(method: string, path: string, body?: string) {
  const response = await send(method, path, body);
  const answer = await response.json();
  return { status: response.status, field: answer.error?.field, message: answer.error?.message };
}

const membershipWith = (fields: string) => `{"customer_id": 1, "plan_id": 1${fields}}`;

describe('dates on the action routes', () => {
  it('refuse anything but a plain date or an ISO 8601 date-time, 400 naming the field, the network never called', async () => {
    for (const date of ['Tue, 01 Jan 2026 10:00:00 PST', '2026-02-30', '2026-02-29', '2026-13-01', '2026-12-31T24:00:00Z', '2026-12-31T23:60', '31/12/2026', 'tomorrow', '2026-12-31T10:00:00+25:00', '0999-12-31', '']) {
      for (const [method, path, body] of [
        ['POST', '/v1/network/memberships', membershipWith(`, "date_expiration": ${JSON.stringify(date)}`)],
        ['PATCH', '/v1/network/memberships/1', `{"date_expiration": ${JSON.stringify(date)}}`],
        ['POST', '/v1/network/register', `{"customer_id": 1, "products": [1], "date_expiration": ${JSON.stringify(date)}}`],
      ]) {
        expect({ date, path, ...(await refusal(method, path, body)) }).toEqual({ date, path, status: 400, field: 'date_expiration', message: expect.stringMatching(/^date_expiration: must be a date such as 2026-12-31/) });
      }
    }
    expect(suite.plugin.requests).toEqual([]);
  });

  it('send a valid one as the plugin stores it, in UTC, on the day given', () => {
    expect(pluginDateOf('2028-02-29')).toBe('2028-02-29 00:00:00');
    expect(pluginDateOf('2026-12-31T23:59:59Z')).toBe('2026-12-31 23:59:59');
    expect(pluginDateOf('2026-12-31 23:59:59')).toBe('2026-12-31 23:59:59');
    expect(pluginDateOf('2027-01-31T10:00:00+01:00')).toBe('2027-01-31 09:00:00');
    expect(pluginDateOf('2026-12-31T20:30:00.123-0500')).toBe('2027-01-01 01:30:00');
    expect(pluginDateOf('2026-02-30')).toBeNull();
    expect(pluginDateOf('9999-12-31T23:00:00-05:00')).toBeNull(); // past year 9999 in UTC
  });
});

describe('ids and amounts on the action routes', () => {
  it('refuse true, hex, exponents, fractions, negatives and numbers past 2^53, in bodies, queries and paths', async () => {
    const badIds = ['true', '"0x10"', '"1e3"', '1.5', '-1', '0', '""', '"1 2"', 'null', '9007199254740993', '"9007199254740993"'];
    for (const bad of badIds) {
      expect({ bad, ...(await refusal('POST', '/v1/network/memberships', `{"customer_id": ${bad}, "plan_id": 1}`)) }).toEqual({ bad, status: 400, field: 'customer_id', message: expect.stringMatching(/^customer_id: must be a positive whole number in decimal digits/) });
      expect({ bad, ...(await refusal('POST', '/v1/network/payments', `{"customer_id": 1, "membership_id": 1, "total": 5, "status": "completed", "product_id": ${bad}}`)) }).toMatchObject({ bad, status: 400, field: 'product_id' });
      expect({ bad, ...(await refusal('POST', '/v1/network/memberships', membershipWith(`, "duration": ${bad}`))) }).toMatchObject({ bad, status: 400, field: 'duration' });
    }
    for (const bad of ['0x10', '1e3', '1.5', '9007199254740993', 'true', '-1']) {
      expect({ bad, ...(await refusal('GET', `/v1/network/memberships?customer_id=${bad}`)) }).toMatchObject({ bad, status: 400, field: 'customer_id' });
      for (const [method, path, body] of [['GET', `/v1/network/customers/${bad}`], ['PATCH', `/v1/network/memberships/${bad}`, '{"status": "active"}']]) {
        expect({ bad, path, ...(await refusal(method, path, body)) }).toEqual({ bad, path, status: 400, field: 'id', message: expect.stringMatching(/^id: must be a positive whole number in decimal digits/) });
      }
    }
    for (const bad of ['true', '"0x10"', '"1e3"', '-1', '"19,90"', 'null']) {
      expect({ bad, ...(await refusal('POST', '/v1/network/payments', `{"customer_id": 1, "membership_id": 1, "total": ${bad}, "status": "completed"}`)) }).toMatchObject({ bad, status: 400, field: 'total' });
    }
    expect(await refusal('POST', '/v1/network/register', '{"customer_id": 1, "products": [true]}')).toMatchObject({ status: 400, field: 'products.0' });
    expect(suite.plugin.requests).toEqual([]);
  });

  it('take decimal digits as strings (as Zapier sends them) and numbers up to 2^53 − 1', async () => {
    expect([positiveWholeNumber('42'), positiveWholeNumber(' 7 '), positiveWholeNumber(Number.MAX_SAFE_INTEGER), positiveWholeNumber(String(Number.MAX_SAFE_INTEGER))]).toEqual([42, 7, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER]);
    const customer = await (await send('POST', '/v1/network/customers', '{"email": "ada@example.com", "username": "ada_l", "password": "correct horse"}')).json();
    const created = await send('POST', '/v1/network/memberships', `{"customer_id": "${customer.id}", "plan_id": "1", "amount": "19.90", "duration": "1", "date_expiration": "2028-02-29"}`);
    expect(created.status).toBe(201);
    const sent = JSON.parse(suite.plugin.requests.filter((request) => request.method === 'POST' && request.path.startsWith('/wp-json/wu/v2/membership')).at(-1)!.body);
    expect(sent).toMatchObject({ customer_id: customer.id, plan_id: 1, amount: 19.9, duration: 1, date_expiration: '2028-02-29 00:00:00' });
  });
});
