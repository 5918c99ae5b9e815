/**
 * A "network" that attacks the relay, over real HTTP on loopback: the connection and the action routes go through
 * the SSRF guard (odd spellings of loopback, the metadata address; a network on a private address only with the
 * explicit setting), a redirect is never followed (a customer's password is never re-posted elsewhere), a list that
 * repeats or never ends is cut, and an answer too large is dropped with a 502.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { maxNetworkAnswerBytes } from '../../relay/src/network/pluginApiClient.ts';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { liveRestApi } from '../support/pluginFixtures.ts';
import { startTestRelay, tempDir, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';

interface Hostile {
  url: string;
  port: number;
  /** Paths (after /wp-json/wu/v2) of every request received, with its query. */
  requests: string[];
  /** Bodies received (what a redirect would make the relay re-post). */
  bodies: string[];
  close(): Promise<void>;
}

type Answer = (path: string, req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => void;

async function hostileNetwork(answer: Answer): Promise<Hostile> {
  const requests: string[] = [];
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '').replace('/wp-json/wu/v2', '');
      requests.push(path);
      const body = Buffer.concat(chunks);
      if (body.length) bodies.push(body.toString());
      answer(path, req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, port, requests, bodies,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const json = (res: http.ServerResponse, body: unknown, status = 200) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
/** /auth and /hooks as the plugin answers them: the rest is up to the test. */
function pluginBasics(path: string, res: http.ServerResponse): boolean {
  if (path.startsWith('/auth')) return json(res, { success: true, label: 'Hostile', message: 'Welcome to our API' }), true;
  if (path.startsWith('/hooks')) return res.writeHead(200, { 'content-type': 'application/json' }).end(liveRestApi.get('hooks')!.body), true;
  return false;
}

const webhookRecord = (id: number) => ({ id: String(id), name: `hook ${id}`, webhook_url: `https://elsewhere.example/${id}`, event: 'payment_received', active: true, integration: 'other' });

const relays: TestRelay[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
});

async function relayWith(env: Record<string, string>, dataDir?: string) {
  const relay = await startTestRelay({ RELAY_NETWORK_TIMEOUT: '5s', ...env }, { dataDir });
  relays.push(relay);
  return relay;
}

const connect = (relay: TestRelay, networkUrl: string, secret = 'SeCrEtSeCrEtSeCrEtSeCrEt') =>
  relay.api('/v1/network', { method: 'PUT', json: { network_url: networkUrl, api_key: 'AbCdEfGhIjKlMnOpQrStUvWx', api_secret: secret } });

describe('the SSRF guard on the network connection', () => {
  it('refuses loopback however it is spelled, and the metadata address, before sending anything', async () => {
    const relay = await relayWith({ RELAY_ALLOW_PRIVATE_TARGETS: '0' });
    const network = await hostileNetwork((path, _req, res) => pluginBasics(path, res) || json(res, []));
    closers.push(network.close);
    const spellings = [
      `http://127.0.0.1:${network.port}`, `http://localhost:${network.port}`, `http://[::ffff:127.0.0.1]:${network.port}`,
      `http://2130706433:${network.port}`, `http://0x7f.1:${network.port}`, `http://[::1]:${network.port}`, 'http://169.254.169.254',
    ];
    for (const spelling of spellings) {
      const response = await connect(relay, spelling);
      const body = (await response.json()).error;
      expect({ spelling, status: response.status, code: body.code, field: body.field }).toEqual({ spelling, status: 422, code: 'network_refused_target', field: 'network_url' });
      expect(body.message).toMatch(/not a public address .*RELAY_ALLOW_PRIVATE_TARGETS/);
    }
    expect(network.requests).toEqual([]);
    expect((await (await relay.api('/v1/network')).json()).connected).toBe(false);
  });

  it('says the same for a port that answers and one that does not: no port scanner', async () => {
    const relay = await relayWith({ RELAY_ALLOW_PRIVATE_TARGETS: '0' });
    const open = await hostileNetwork((_path, _req, res) => json(res, { code: 'rest_forbidden', message: 'no' }, 401));
    closers.push(open.close);
    const closedPort = open.port === 65535 ? 65534 : open.port + 1;
    const answers = [];
    for (const port of [open.port, closedPort]) {
      const response = await connect(relay, `http://127.0.0.1:${port}`);
      answers.push({ status: response.status, body: (await response.text()).replaceAll(String(port), 'PORT') });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(open.requests).toEqual([]);
  });

  it('lets a private network through only with RELAY_ALLOW_PRIVATE_TARGETS or RELAY_ALLOWED_TARGET_RANGES, and the action routes obey it', async () => {
    const plugin = await startPluginApiDouble();
    closers.push(() => plugin.close());
    const dataDir = tempDir();
    const ranged = await relayWith({ RELAY_ALLOW_PRIVATE_TARGETS: '0', RELAY_ALLOWED_TARGET_RANGES: '127.0.0.0/8' }, dataDir);
    expect((await connect(ranged, plugin.url, plugin.apiSecret)).status).toBe(200);
    await ranged.stop();
    relays.splice(relays.indexOf(ranged), 1);

    // The same data dir, the allowance withdrawn: the stored network is refused by every route, nothing is sent.
    const closed = await relayWith({ RELAY_ALLOW_PRIVATE_TARGETS: '0' }, dataDir);
    plugin.requests.length = 0;
    const created = await closed.api('/v1/network/customers', { method: 'POST', json: { email: 'ada@example.com', username: 'ada_l', password: 'correct horse' } });
    expect(created.status).toBe(422);
    expect((await created.json()).error).toMatchObject({ code: 'network_refused_target', message: expect.stringMatching(/not a public address/) });
    expect((await closed.api('/v1/network/products')).status).toBe(422);
    const repaired = await closed.api('/v1/network/repair', { method: 'POST' });
    expect((await repaired.json()).error).toMatchObject({ code: 'network_refused_target' });
    const state = await (await closed.api('/v1/network')).json();
    expect(state.problems.join(' ')).toMatch(/not a public address/);
    expect(plugin.requests).toEqual([]);
  });
});

describe('redirects from the network', () => {
  it('are not followed when connecting: the credentials go nowhere else', async () => {
    const relay = await relayWith({});
    const elsewhere = await hostileNetwork((_path, _req, res) => json(res, { success: true, label: 'Elsewhere' }));
    closers.push(elsewhere.close);
    for (const status of [301, 302, 307, 308]) {
      const network = await hostileNetwork((path, _req, res) => res.writeHead(status, { location: `${elsewhere.url}/wp-json/wu/v2${path}` }).end());
      closers.push(network.close);
      const response = await connect(relay, network.url);
      expect(response.status).toBe(422);
      expect((await response.json()).error).toMatchObject({ code: 'network_redirected', field: 'network_url', message: expect.stringContaining(`redirect (${status} to ${elsewhere.url})`) });
    }
    expect(elsewhere.requests).toEqual([]);
  });

  it('are not followed by an action: a new customer\'s password is never re-posted to where the network points', async () => {
    const relay = await relayWith({ RELAY_NETWORK_CALLS_PER_MINUTE: '6000' });
    const elsewhere = await hostileNetwork((_path, _req, res) => json(res, { id: 1 }, 201));
    closers.push(elsewhere.close);
    const plugin = await startPluginApiDouble();
    closers.push(() => plugin.close());
    // The network behaves while connecting, then answers the create-customer POST with a 307 (which keeps the body).
    const network = await hostileNetwork((path, req, res, body) => {
      if (req.method === 'POST' && path.startsWith('/customer')) return res.writeHead(307, { location: `${elsewhere.url}/steal` }).end();
      const forwarded = http.request(`${plugin.url}/wp-json/wu/v2${path}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forwarded.end(body);
    });
    closers.push(network.close);
    expect((await connect(relay, network.url, plugin.apiSecret)).status).toBe(200);
    const created = await relay.api('/v1/network/customers', { method: 'POST', json: { email: 'ada@example.com', username: 'ada_l', password: 'correct horse' } });
    expect(created.status).toBe(422);
    expect((await created.json()).error).toMatchObject({ code: 'network_redirected' });
    expect(network.bodies.some((body) => body.includes('correct horse'))).toBe(true);
    expect(elsewhere.requests).toEqual([]);
    await relay.api('/v1/network?force=true', { method: 'DELETE' });
  });
});

describe('lists read from the network', () => {
  it('stop on a page that repeats: two requests, a 502 saying why, nothing stored', async () => {
    const relay = await relayWith({});
    const page = Array.from({ length: 100 }, (_, index) => webhookRecord(index + 1));
    const network = await hostileNetwork((path, _req, res) => pluginBasics(path, res) || json(res, page));
    closers.push(network.close);
    const response = await connect(relay, network.url);
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ code: 'network_unexpected_answer', message: expect.stringMatching(/\/webhook .*page 2 repeats records of earlier pages/) });
    expect(network.requests.filter((path) => path.startsWith('/webhook'))).toEqual(['/webhook?per_page=100&page=1', '/webhook?per_page=100&page=2']);
    expect((await (await relay.api('/v1/network')).json()).connected).toBe(false);
  });

  it('stop after 100 pages when every page is new', async () => {
    const relay = await relayWith({});
    const network = await hostileNetwork((path, _req, res) => {
      if (pluginBasics(path, res)) return;
      const pageNumber = Number(new URL(path, 'http://x').searchParams.get('page'));
      json(res, Array.from({ length: 100 }, (_, index) => webhookRecord(pageNumber * 100 + index)));
    });
    closers.push(network.close);
    const response = await connect(relay, network.url);
    expect(response.status).toBe(502);
    expect((await response.json()).error).toMatchObject({ code: 'network_unexpected_answer', message: expect.stringMatching(/more than 100 pages of 100/) });
    expect(network.requests.filter((path) => path.startsWith('/webhook'))).toHaveLength(100);
  });
});

describe('answers from the network', () => {
  /** Streams `bytes` of a JSON-looking answer, counting what the relay let it write before hanging up. */
  function hugeAnswer(bytes: number, declareLength: boolean) {
    const written = { bytes: 0, closedEarly: false };
    const answer: Answer = (path, _req, res) => {
      if (!path.startsWith('/hooks')) return pluginBasics(path, res);
      res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(bytes) } : {}) });
      const chunk = Buffer.alloc(64 * 1024, 'a');
      res.write('{"payment_received":{"name":"');
      const more = () => {
        while (written.bytes < bytes) {
          if (res.destroyed) return void (written.closedEarly = true);
          written.bytes += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('"}}');
      };
      res.on('close', () => (written.closedEarly = written.bytes < bytes));
      more();
    };
    return { written, answer };
  }

  it('are read to at most maxNetworkAnswerBytes: a 400 MB /hooks is dropped with a clear 502, nothing stored', async () => {
    const relay = await relayWith({});
    for (const declareLength of [false, true]) {
      const { written, answer } = hugeAnswer(400 * 1024 * 1024, declareLength);
      const network = await hostileNetwork(answer);
      closers.push(network.close);
      const response = await connect(relay, network.url);
      expect(response.status).toBe(502);
      expect((await response.json()).error).toMatchObject({ code: 'network_too_large', message: expect.stringMatching(/answered \/hooks with more than 8 MB, the most the relay reads of one answer/) });
      await until(() => written.closedEarly, Boolean);
      expect(written.bytes).toBeLessThan(maxNetworkAnswerBytes * 4);
      expect((await (await relay.api('/v1/network')).json()).connected).toBe(false);
    }
  });
});
