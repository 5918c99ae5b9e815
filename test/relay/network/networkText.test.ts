/**
 * A network whose name, event names and samples hold NUL bytes and unpaired surrogates (which PostgreSQL text
 * cannot hold) is connected on both stores alike: names are stored with U+FFFD in their place, samples as JSON
 * (escapes and all), a registered slug that is no event slug is left out, and what reads the connection answers.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../support/postgres.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

const nul = '\u0000';
const lone = '\ud800';
const hooks = {
  payment_received: { name: `Payment${nul} Received${lone}`, desc: `When${nul} paid`, payload: { [`payment${nul}id`]: `pay${nul}${lone}`, total: 10 } },
  [`bad${nul}slug`]: { name: 'Not an event slug', desc: '', payload: {} },
  acme_addon_event: { name: `Add-on${nul} event`, desc: `From${lone} an add-on`, payload: { note: `a${nul}b` } },
};

/** Answers /auth, /hooks and /webhook as the plugin would, with hostile text (JSON escapes keep NUL and lone surrogates). */
async function networkWithHostileText() {
  let nextId = 1;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').replace('/wp-json/wu/v2', '');
    req.resume();
    req.on('end', () => {
      const answer = path.startsWith('/auth')
        ? { success: true, label: `Acme${nul} Sites${lone}`, message: 'Welcome to our API' }
        : path.startsWith('/hooks') ? hooks
        : req.method === 'POST' ? { id: nextId++, name: 'x', webhook_url: 'x', event: 'x', active: true, integration: 'x' }
        : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

for (const backend of ['SQLite', 'PostgreSQL'] as const) {
  describe(`hostile text from the network on ${backend}`, () => {
    const schema = newSchemaName('relay_network_text');
    let relay: TestRelay;
    let network: Awaited<ReturnType<typeof networkWithHostileText>>;
    let receiver: Receiver;
    beforeAll(async () => {
      let store: PostgresStore | undefined;
      if (backend === 'PostgreSQL') {
        store = new PostgresStore(testDatabaseUrl, { schema, poolSize: 2 });
        await store.migrate();
      }
      [relay, network, receiver] = await Promise.all([startTestRelay({ RELAY_LOG_LEVEL: 'warn' }, { store }), networkWithHostileText(), startReceiver()]);
    });
    afterAll(async () => {
      await relay?.stop();
      await network?.close();
      await receiver?.close();
      if (backend === 'PostgreSQL') await dropSchema(schema);
    });

    it('connects, storing U+FFFD for NUL and unpaired surrogates, and leaves out a slug that is not one', async () => {
      const connected = await relay.api('/v1/network', { method: 'PUT', json: { network_url: network.url, api_key: 'AbCdEfGhIjKlMnOpQrStUvWx', api_secret: 'SeCrEtSeCrEtSeCrEtSeCrEt' } });
      expect(connected.status).toBe(200);
      const state = await connected.json();
      expect(state.label).toBe('Acme\uFFFD Sites\uFFFD');
      expect(state.events.map((event: { event: string; name: string }) => [event.event, event.name])).toEqual([
        ['payment_received', 'Payment\uFFFD Received\uFFFD'],
        ['acme_addon_event', 'Add-on\uFFFD event'],
      ]);
      expect(JSON.stringify(state)).not.toContain('bad');

      const types = await (await relay.api('/v1/event-types?all=true')).json();
      const addOn = types.data.find((type: { slug: string }) => type.slug === 'acme_addon_event');
      expect(addOn).toMatchObject({ name: 'Add-on\uFFFD event', description: 'From\uFFFD an add-on' });
      expect((await relay.api('/v1/network')).status).toBe(200);
      expect((await relay.api('/v1/network/repair', { method: 'POST' })).status).toBe(200);
    });

    it('refuses keys and a relay URL with NUL or unpaired surrogates, naming the field', async () => {
      const credentials = { network_url: network.url, api_key: 'AbCdEfGhIjKlMnOpQrStUvWx', api_secret: 'SeCrEtSeCrEtSeCrEtSeCrEt' };
      for (const [field, value] of [['api_key', `Ab${nul}Cd`], ['api_secret', `Se${lone}cret`], ['relay_url', `https://relay.example/${nul}`]]) {
        const refused = await relay.api('/v1/network', { method: 'PUT', json: { ...credentials, [field]: value } });
        expect({ field, status: refused.status, answer: (await refused.json()).error }).toMatchObject({ field, status: 400, answer: { field, message: expect.stringMatching(new RegExp(`^${field}: must (not contain control characters|be the http)`)) } });
      }
      const repair = await relay.api('/v1/network/repair', { method: 'POST', json: { relay_url: `https://relay.example/${nul}` } });
      expect(repair.status).toBe(400);
    });

    it('sends the network\'s sample as a test event, as the network wrote it', async () => {
      const webhook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Add-on', url: receiver.url, event: 'acme_addon_event' } })).json();
      const tested = await relay.api(`/v1/webhooks/${webhook.id}/test`, { method: 'POST' });
      expect(tested.status).toBe(200);
      expect(await tested.json()).toMatchObject({ ok: true });
      // Samples are kept as the network sent them: stored as JSON, where a NUL is an escape every backend holds.
      expect(JSON.parse(receiver.requests.at(-1)!.body)).toMatchObject({ note: 'a\u0000b' });
    });
  });
}
