/**
 * The SSRF guard end to end, through a running relay (the address table is test/relay/outgoing/targetGuard.test.ts):
 * RELAY_ALLOWED_TARGET_RANGES lets the named range through and nothing else, and a host name is checked on what
 * it resolves to at each connect, with a resolver the test controls (DNS rebinding, mixed answers).
 */
import dns from 'node:dns';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';

let receiver: Receiver;
let port: string;
const relays: TestRelay[] = [];
beforeAll(async () => {
  receiver = await startReceiver(() => ({ status: 200, body: 'ok', headers: { connection: 'close' } }));
  port = new URL(receiver.url).port;
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await Promise.all(relays.map((relay) => relay.stop()));
  await receiver.close();
});

async function relayWith(env: Record<string, string>) {
  // The fake resolver replaces dns.lookup in this thread, so the relay sends from this thread too (the sender
  // thread runs the same client and guard; test/relay/outgoing/targetGuard.test.ts covers it with real DNS).
  const relay = await startTestRelay({ RELAY_ALLOW_PRIVATE_TARGETS: '0', RELAY_SENDER_THREAD: '0', ...env });
  relays.push(relay);
  return relay;
}

async function testSend(relay: TestRelay, url: string) {
  const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Target', url, event: 'payment_received' } })).json();
  const result = await (await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST' })).json();
  await relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  return result as { ok: boolean; status_code: number | null; error: string | null };
}

/** Answers `lookup` for names ending in .rebind.test from `answers` (one list per call, the last repeating). */
function fakeResolver(answers: Record<string, string[][]>) {
  const calls: Record<string, number> = {};
  const realLookup = dns.lookup;
  vi.spyOn(dns, 'lookup').mockImplementation(((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    const script = answers[hostname];
    if (!script) return (realLookup as (...args: unknown[]) => void)(hostname, options, callback);
    const call = (calls[hostname] = (calls[hostname] ?? 0) + 1);
    const list = script[Math.min(call, script.length) - 1].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    setImmediate(() => (options.all ? callback(null, list) : callback(null, list[0].address, list[0].family)));
  }) as unknown as typeof dns.lookup);
  return calls;
}

describe('RELAY_ALLOWED_TARGET_RANGES end to end', () => {
  it('without it, loopback is refused; with 127.0.0.0/8, 127.0.0.1 is delivered and nothing else private is', async () => {
    const closed = await relayWith({});
    expect(await testSend(closed, `http://127.0.0.1:${port}/hook`)).toMatchObject({ ok: false, status_code: null, error: expect.stringMatching(/refused to connect to 127\.0\.0\.1: loopback/) });

    const open = await relayWith({ RELAY_ALLOWED_TARGET_RANGES: '127.0.0.0/8' });
    const before = receiver.requests.length;
    expect(await testSend(open, `http://127.0.0.1:${port}/hook`)).toMatchObject({ ok: true, status_code: 200 });
    expect(await testSend(open, `http://127.0.0.2:${port}/hook`)).toMatchObject({ ok: false }); // allowed, but nothing listens there
    expect((await testSend(open, `http://127.0.0.2:${port}/hook`)).error).not.toMatch(/refused to connect to/);
    for (const [url, range] of [
      [`http://[::1]:${port}/hook`, 'loopback'],
      [`http://[::ffff:7f00:1]:${port}/hook`, null], // IPv4-mapped 127.0.0.1 is the same host: allowed
      [`http://10.0.0.1:${port}/hook`, 'private'],
      [`http://169.254.169.254:${port}/latest/meta-data`, 'linkLocal'],
      [`http://100.64.0.1:${port}/hook`, 'carrierGradeNat'],
      [`http://0.0.0.0:${port}/hook`, 'unspecified'],
      [`http://[64:ff9b::7f00:1]:${port}/hook`, 'rfc6052 of loopback'],
      [`http://[2002:7f00:1::1]:${port}/hook`, '6to4 of loopback'],
    ] as const) {
      const result = await testSend(open, url);
      if (range) expect(result, url).toMatchObject({ ok: false, error: expect.stringContaining(`: ${range} address`) });
      else expect(result, url).toMatchObject({ ok: true });
    }
    expect(receiver.requests.length - before).toBe(2); // 127.0.0.1 and its IPv4-mapped form, nothing else
  });

  it('with RELAY_ALLOW_PRIVATE_TARGETS off and no ranges, 0.0.0.0, decimal and short forms of loopback are refused too', async () => {
    const closed = await relayWith({});
    for (const host of ['0.0.0.0', '0', '2130706433', '127.1', '0x7f.1', '[::]', '[0:0:0:0:0:ffff:127.0.0.1]']) {
      const result = await testSend(closed, `http://${host}:${port}/hook`);
      expect(result, host).toMatchObject({ ok: false, status_code: null, error: expect.stringMatching(/refused to connect/) });
    }
  });
});

describe('host names checked on what they resolve to, at every connect', () => {
  it('refuses a name that resolves to a private or metadata address, or to a mix of public and private', async () => {
    const relay = await relayWith({});
    fakeResolver({ 'internal.rebind.test': [['10.1.2.3']], 'metadata.rebind.test': [['169.254.169.254']], 'mixed.rebind.test': [['93.184.216.34', '127.0.0.1']], 'v6.rebind.test': [['fd00:ec2::254']] });
    for (const [name, range] of [['internal', 'private'], ['metadata', 'linkLocal'], ['mixed', 'loopback'], ['v6', 'uniqueLocal']]) {
      const result = await testSend(relay, `http://${name}.rebind.test:${port}/hook`);
      expect(result, name).toMatchObject({ ok: false, status_code: null, error: expect.stringContaining(`: ${range} address`) });
    }
  });

  it('DNS rebinding: a name that was fine on one attempt and points inside on the next is refused on the next', async () => {
    const relay = await relayWith({ RELAY_ALLOWED_TARGET_RANGES: '127.0.0.0/8' });
    // First answer: the receiver (allowed by the range); then the cloud metadata address.
    const calls = fakeResolver({ 'flip.rebind.test': [['127.0.0.1'], ['169.254.169.254']] });
    const before = receiver.requests.length;
    expect(await testSend(relay, `http://flip.rebind.test:${port}/hook`)).toMatchObject({ ok: true, status_code: 200 });
    expect(await testSend(relay, `http://flip.rebind.test:${port}/hook`)).toMatchObject({ ok: false, error: expect.stringMatching(/refused to connect to 169\.254\.169\.254: linkLocal/) });
    expect(calls['flip.rebind.test']).toBe(2);
    expect(receiver.requests.length - before).toBe(1);
  });
});
