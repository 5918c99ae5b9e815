/**
 * Who sent a request: the peer's address, or, when the peer is one of the configured reverse proxies
 * (RELAY_TRUSTED_PROXIES), the address that proxy chain appended to X-Forwarded-For. Anyone else's header is
 * ignored: a client cannot pick its own address by sending one.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import ipaddr from 'ipaddr.js';

export class TrustedProxies {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  /** `cidrs`: ranges such as 127.0.0.1/32 or 10.0.0.0/8, already checked by the configuration. */
  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map((cidr) => {
      const [address, bits] = ipaddr.parseCIDR(cidr);
      return [normalize(address), address.kind() === 'ipv6' && normalize(address).kind() === 'ipv4' ? bits - 96 : bits];
    });
  }

  includes(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const parsed = ipaddr.process(address);
    return this.ranges.some(([range, bits]) => range.kind() === parsed.kind() && parsed.match(range, bits));
  }

  clientAddress(c: Context): string {
    let peer: string;
    try {
      peer = getConnInfo(c).remote.address ?? 'unknown';
    } catch {
      return 'unknown'; // not served by Node (an in-process app.request() in a test)
    }
    if (!this.includes(peer)) return peer;
    // Each proxy appends the address it received from: walk back from the right past our own proxies.
    const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => hop.trim()).filter(Boolean);
    let client = peer;
    for (const hop of hops.reverse()) {
      const address = forwardedHopAddress(hop);
      if (address === null) break;
      client = address;
      if (!this.includes(client)) break;
    }
    return client;
  }
}

/**
 * The address in one X-Forwarded-For hop, as proxies write it: "203.0.113.5", "2001:db8::1", or with the port some
 * append ("203.0.113.5:4711", "[2001:db8::1]:4711"); null when it is no address.
 */
export function forwardedHopAddress(hop: string): string | null {
  const address = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(hop)?.[1] ?? /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(hop)?.[1] ?? hop;
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : null;
}

/** IPv4-mapped IPv6 (::ffff:10.0.0.1) compares as the IPv4 address it is. */
function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}
