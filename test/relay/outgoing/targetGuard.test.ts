import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookHttpClient } from '../../../relay/src/delivery/httpClient.ts';
import { nonPublicRange, TargetGuard } from '../../../relay/src/outgoing/targetGuard.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

// [address, allowed by default]
const addresses: [string, boolean][] = [
  ['8.8.8.8', true],
  ['1.1.1.1', true],
  ['93.184.216.34', true],
  ['2606:4700:4700::1111', true],
  ['2001:4860:4860::8888', true],
  ['127.0.0.1', false],
  ['127.255.255.254', false],
  ['0.0.0.0', false],
  ['0.1.2.3', false],
  ['10.0.0.1', false],
  ['10.255.255.255', false],
  ['172.16.0.1', false],
  ['172.31.255.255', false],
  ['172.32.0.1', true],
  ['192.168.1.1', false],
  ['169.254.169.254', false], // cloud metadata
  ['169.254.0.1', false],
  ['100.64.0.1', false], // CGNAT
  ['100.127.255.254', false],
  ['100.128.0.1', true],
  ['224.0.0.1', false], // multicast
  ['239.255.255.250', false],
  ['255.255.255.255', false],
  ['240.0.0.1', false], // reserved
  ['192.0.2.10', false], // documentation TEST-NET-1
  ['198.51.100.7', false], // TEST-NET-2
  ['203.0.113.9', false], // TEST-NET-3
  ['198.18.0.1', false], // benchmarking
  ['192.0.0.8', false], // IETF protocol assignments
  ['::1', false],
  ['::', false],
  ['fe80::1', false], // link-local
  ['fc00::1', false], // unique local
  ['fd12:3456::1', false],
  ['ff02::1', false], // multicast
  ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
  ['::ffff:10.0.0.1', false],
  ['::ffff:169.254.169.254', false],
  ['::ffff:8.8.8.8', true],
  ['64:ff9b::7f00:1', false], // NAT64 of 127.0.0.1
  ['64:ff9b::a9fe:a9fe', false], // NAT64 of 169.254.169.254
  ['64:ff9b::808:808', true], // NAT64 of 8.8.8.8
  ['64:ff9b:1::a00:1', false], // local-use NAT64 of 10.0.0.1
  ['2002:7f00:1::1', false], // 6to4 of 127.0.0.1
  ['2002:a9fe:a9fe::1', false], // 6to4 of 169.254.169.254
  ['2002:808:808::1', true], // 6to4 of 8.8.8.8
  ['::127.0.0.1', false], // IPv4-compatible
  ['2001:db8::1', false], // documentation
  ['2001::1', false], // Teredo
  ['100::1', false], // discard-only
  ['fd00:ec2::254', false], // AWS metadata over IPv6
  ['::ffff:100.64.0.1', false], // IPv4-mapped CGNAT
  ['::ffff:0.0.0.0', false],
  ['64:ff9b::c0a8:101', false], // NAT64 of 192.168.1.1
  ['64:ff9b::6440:1', false], // NAT64 of CGNAT
  ['64:ff9b::e000:1', false], // NAT64 of multicast
  ['2002:6440:1::1', false], // 6to4 of CGNAT
  ['233.252.0.1', false], // MCAST-TEST-NET (documentation multicast)
  ['3fff::1', false], // IPv6 documentation (RFC 9637)
  ['ff05::1', false], // site-local multicast
];

describe('SSRF guard', () => {
  it(`classifies ${addresses.length} addresses`, () => {
    expect(addresses.length).toBeGreaterThanOrEqual(40);
    const guard = new TargetGuard({ allowPrivateTargets: false, allowedRanges: [] });
    for (const [address, allowed] of addresses) {
      expect(nonPublicRange(address) === null, `${address} → ${nonPublicRange(address)}`).toBe(allowed);
      if (allowed) expect(() => guard.check(address)).not.toThrow();
      else if (address === '::1' || address === '::') expect(nonPublicRange(address)).toBe(address === '::1' ? 'loopback' : 'unspecified');
      else expect(() => guard.check(address), address).toThrow(/refused to connect/);
    }
  });

  it('lets a named range through and nothing else', () => {
    const guard = new TargetGuard({ allowPrivateTargets: false, allowedRanges: ['10.1.0.0/16', 'fd00:1::/32'] });
    expect(() => guard.check('10.1.2.3')).not.toThrow();
    expect(() => guard.check('fd00:1::5')).not.toThrow();
    expect(() => guard.check('10.2.0.1')).toThrow();
    expect(() => guard.check('127.0.0.1')).toThrow();
    expect(() => guard.check('169.254.169.254')).toThrow();
  });

  it('allows everything with RELAY_ALLOW_PRIVATE_TARGETS', () => {
    const guard = new TargetGuard({ allowPrivateTargets: true, allowedRanges: [] });
    for (const [address] of addresses) expect(() => guard.check(address)).not.toThrow();
  });
});

describe('SSRF guard at connect time', () => {
  let receiver: Receiver;
  let relay: TestRelay;
  beforeAll(async () => {
    receiver = await startReceiver();
    relay = await startTestRelay({ RELAY_ALLOW_PRIVATE_TARGETS: '0' });
  });
  afterAll(async () => {
    await relay.stop();
    await receiver.close();
  });

  it('refuses a host name that resolves to a private address, after resolution', async () => {
    const client = new WebhookHttpClient({ guard: new TargetGuard({ allowPrivateTargets: false, allowedRanges: [] }), timeoutMs: 2000, excerptBytes: 100 });
    const port = new URL(receiver.url).port;
    for (const url of [`http://localhost:${port}/hook`, `http://127.0.0.1:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`, `http://0x7f000001:${port}/hook`]) {
      const response = await client.send({ url, headers: {}, body: '{}' });
      expect(response, url).toMatchObject({ statusCode: null, error: expect.stringMatching(/refused to connect to .*loopback/) });
    }
    client.close();
    expect(receiver.requests).toHaveLength(0);
  });

  it('logs a refused delivery as a failed attempt of the relay', async () => {
    const port = new URL(receiver.url).port;
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Inside', url: `http://localhost:${port}/hook`, event: 'payment_received' } })).json();
    const result = await (await relay.api(`/v1/webhooks/${hook.id}/test`, { method: 'POST' })).json();
    expect(result).toMatchObject({ ok: false, status_code: null, error: expect.stringMatching(/refused to connect to (127\.0\.0\.1|::1): loopback/) });
    expect(receiver.requests).toHaveLength(0);
  });
});
