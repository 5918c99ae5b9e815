import { expect, it } from 'vitest';
import { forwardedHopAddress } from '../../../relay/src/access/clientAddress.ts';

it('reads an X-Forwarded-For hop with or without the port a proxy appended, and nothing else as an address', () => {
  const read = Object.entries({
    '203.0.113.5': '203.0.113.5', '203.0.113.5:4711': '203.0.113.5', '2001:db8::1': '2001:db8::1',
    '[2001:db8::1]': '2001:db8::1', '[2001:db8::1]:4711': '2001:db8::1', '::ffff:10.0.0.1': '10.0.0.1',
  });
  const notAddresses = ['unknown', '_hidden', 'example.com', 'example.com:80', '203.0.113.5:', '203.0.113.5:port', '[2001:db8::1', '[]:80', ''];
  expect(read.map(([hop]) => forwardedHopAddress(hop))).toEqual(read.map(([, address]) => address));
  expect(notAddresses.map(forwardedHopAddress)).toEqual(notAddresses.map(() => null));
});
