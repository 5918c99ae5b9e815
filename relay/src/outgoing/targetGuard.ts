/**
 * SSRF guard: which IP addresses a delivery may connect to. Checked on the resolved address at connect
 * time (so DNS rebinding cannot slip past a check made earlier), and on IP literals before connecting.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export interface TargetPolicy {
  allowPrivateTargets: boolean;
  /** CIDR ranges let through even though not public. */
  allowedRanges: readonly string[];
}

export class BlockedTargetError extends Error {
  readonly code = 'EBLOCKEDTARGET';
  readonly address: string;
  readonly range: string;

  constructor(address: string, range: string) {
    super(`refused to connect to ${address}: ${range} address (set RELAY_ALLOW_PRIVATE_TARGETS=1 or RELAY_ALLOWED_TARGET_RANGES to allow)`);
    this.address = address;
    this.range = range;
  }
}

/** The IPv4 address carried inside an IPv6 one (mapped, NAT64 well-known prefix, 6to4), if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  const range = address.range();
  const bytes = address.toByteArray();
  if (range === 'rfc6052') return ipaddr.fromByteArray(bytes.slice(12, 16)) as ipaddr.IPv4; // 64:ff9b::/96
  if (range === '6to4') return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4; // 2002:AABB:CCDD::/48
  // IPv4-compatible (deprecated ::a.b.c.d) and the NAT64 local-use prefix 64:ff9b:1::/48.
  if (bytes.slice(0, 12).every((byte) => byte === 0)) return ipaddr.fromByteArray(bytes.slice(12, 16)) as ipaddr.IPv4;
  if (ipaddr.IPv6.parse('64:ff9b:1::').toByteArray().slice(0, 6).every((byte, index) => byte === bytes[index])) {
    return ipaddr.fromByteArray(bytes.slice(12, 16)) as ipaddr.IPv4;
  }
  return null;
}

/** The non-public range an address falls in ("loopback", "private", …), or null for a public unicast address. */
export function nonPublicRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'invalid';
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    // ::1 and :: have all-zero leading bytes, like IPv4-compatible addresses: name them for what they are.
    const own = parsed.range();
    if (own === 'loopback' || own === 'unspecified') return own;
    const inner = embeddedIPv4(parsed as ipaddr.IPv6);
    if (inner) {
      const innerRange = nonPublicRange(inner.toString());
      return innerRange ? `${(parsed as ipaddr.IPv6).range()} of ${innerRange}` : null;
    }
    const range = parsed.range();
    // 2001::/32 (Teredo) tunnels to arbitrary IPv4 hosts; documentation prefixes are never real targets.
    return range === 'unicast' ? null : range;
  }
  const range = parsed.range();
  if (range !== 'unicast') return range; // private, loopback, linkLocal (incl. 169.254.169.254), carrierGradeNat, multicast, reserved, unspecified, broadcast
  // Ranges ipaddr.js counts as unicast that are not reachable public hosts.
  for (const [cidr, name] of nonPublicIPv4Extras) if ((parsed as ipaddr.IPv4).match(cidr)) return name;
  return null;
}

const nonPublicIPv4Extras: [[ipaddr.IPv4, number], string][] = [
  [ipaddr.IPv4.parseCIDR('192.0.0.0/24'), 'ietfProtocol'],
  [ipaddr.IPv4.parseCIDR('192.0.2.0/24'), 'documentation'],
  [ipaddr.IPv4.parseCIDR('198.51.100.0/24'), 'documentation'],
  [ipaddr.IPv4.parseCIDR('203.0.113.0/24'), 'documentation'],
  [ipaddr.IPv4.parseCIDR('198.18.0.0/15'), 'benchmarking'],
];

export class TargetGuard {
  private readonly allowedRanges: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  private readonly policy: TargetPolicy;

  constructor(policy: TargetPolicy) {
    this.policy = policy;
    this.allowedRanges = policy.allowedRanges.map((cidr) => ipaddr.parseCIDR(cidr));
  }

  /** Throws BlockedTargetError when the address may not be connected to. */
  check(address: string): void {
    if (this.policy.allowPrivateTargets) return;
    const range = nonPublicRange(address);
    if (range === null) return;
    const parsed = ipaddr.process(address);
    if (this.allowedRanges.some(([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits))) return;
    throw new BlockedTargetError(address, range);
  }

  /** A `lookup` for http.request: resolves, then refuses if any resolved address is not allowed. */
  readonly lookup: net.LookupFunction = (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      try {
        for (const entry of list) this.check(entry.address);
      } catch (blocked) {
        return callback(blocked as NodeJS.ErrnoException, '', 0);
      }
      if ((options as dns.LookupOptions).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}
