/**
 * Slowloris from one client: each client address (an IPv6 client by its /64, which it usually holds whole) may
 * keep at most `max` connections open; past that its new connections are closed at once, so one client holding
 * slow sockets cannot fill the server's RELAY_MAX_CONNECTIONS for everyone else. Connections from the configured
 * reverse proxies are not counted (they carry every client): there the proxy must limit per client.
 */
import type { Socket } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { TrustedProxies } from './clientAddress.ts';

export class ConnectionsPerClient {
  private readonly open = new Map<string, number>();
  private readonly max: number;
  private readonly proxies: TrustedProxies;

  constructor(options: { max: number; proxies: TrustedProxies }) {
    this.max = options.max;
    this.proxies = options.proxies;
  }

  /** For the server's 'connection' event: counts the socket, or closes it when its client is over the limit. */
  admit(socket: Socket): void {
    const address = socket.remoteAddress;
    if (!address || this.proxies.includes(address)) return;
    const client = clientKey(address);
    const count = (this.open.get(client) ?? 0) + 1;
    if (count > this.max) {
      socket.destroy();
      return;
    }
    this.open.set(client, count);
    socket.once('close', () => {
      const left = (this.open.get(client) ?? 1) - 1;
      if (left > 0) this.open.set(client, left);
      else this.open.delete(client);
    });
  }
}

function clientKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  return `${(parsed as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16)).join(':')}::/64`;
}
