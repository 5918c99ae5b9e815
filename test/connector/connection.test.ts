/** The connection (custom auth): tested with GET /v1/me, labelled by relay, and clear messages for a bad URL or key. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { app, authDataFor, run } from './support/zapier.ts';

const auth = app.authentication!;
let relay: TestRelay;
let notARelay: Receiver;

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_NAME: 'Acme Network relay' });
  notARelay = await startReceiver(() => ({ status: 404, body: '' }));
});
afterAll(async () => {
  await relay.stop();
  await notARelay.close();
});

describe('connection to the relay', () => {
  it('asks for the relay URL and the API key (a password field), and optionally the network time zone', () => {
    expect(auth.type).toBe('custom');
    expect(auth.fields!.map((field) => [field.key, field.type, field.required])).toEqual([
      ['relay_url', 'string', true],
      ['api_key', 'password', true],
      ['time_zone', 'string', false],
    ]);
  });

  it('refuses a time zone that is not one', async () => {
    await expect(run(auth.test, { authData: { ...authDataFor(relay), time_zone: 'Mars/Olympus' } })).rejects.toThrow(/Network Time Zone: .*Mars\/Olympus.* is not a time zone name/);
    await expect(run(auth.test, { authData: { ...authDataFor(relay), time_zone: 'Europe/Berlin' } })).resolves.toMatchObject({ name: 'Acme Network relay' });
  });

  it('tests the connection with GET /v1/me and labels it with the relay name and host', async () => {
    const authData = authDataFor(relay);
    const me = await run<Record<string, unknown>>(auth.test, { authData });
    expect(me).toEqual({ name: 'Acme Network relay', version: expect.any(String), store: 'sqlite' });
    const label = await run(auth.connectionLabel, { authData, inputData: me });
    expect(label).toBe(`Acme Network relay (${new URL(relay.url).host})`);
  });

  it('accepts the URL as people paste it: trailing slash, /v1, /docs, the web page /ui and its pages', async () => {
    for (const suffix of ['/', '/v1', '/v1/', '/v1/me', '/docs', '/ui', '/ui/', '/ui/webhooks/wh_1?tab=log', '  ']) {
      await expect(run(auth.test, { authData: { ...authDataFor(relay), relay_url: relay.url + suffix } })).resolves.toMatchObject({ name: 'Acme Network relay' });
    }
  });

  it('a wrong API key gets a message that says so and where to find the key', async () => {
    await expect(run(auth.test, { authData: { ...authDataFor(relay), api_key: 'wrong' } })).rejects.toThrow(/rejected the API key.*npm run relay -- keys/);
  });

  it('a URL where nothing answers says the relay could not be reached', async () => {
    const closed = await startReceiver();
    const url = closed.url.replace(/\/hook$/, '');
    await closed.close();
    await expect(run(auth.test, { authData: { relay_url: url, api_key: 'x' } })).rejects.toThrow(/Could not reach the relay at http:\/\/127\.0\.0\.1:\d+.*Check the Relay URL/);
  });

  it('a URL of some other server says it is not a relay', async () => {
    const url = notARelay.url.replace(/\/hook$/, '');
    await expect(run(auth.test, { authData: { relay_url: url, api_key: 'x' } })).rejects.toThrow(/not an Ultimate Multisite relay/);
  });
});
