/**
 * Slowloris from one client: 1,100 sockets from one address that never finish their headers. With RELAY_MAX_CONNECTIONS at its default (1024) they used to fill the server, and other
 * clients' new connections were reset; now that client keeps at most RELAY_MAX_CONNECTIONS_PER_CLIENT (256) and
 * every request of the others is answered. Raw sockets; the attacker comes from 127.0.0.2 (Linux routes all of
 * 127/8 to loopback), the legitimate client from 127.0.0.1, each request on a connection of its own.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTestRelayProcess, type TestRelayProcess } from '../../support/relayProcess.ts';
import { until } from '../../support/until.ts';
import { rawRequest } from '../support/rawHttp.ts';

let relay: TestRelayProcess;
beforeAll(async () => {
  relay = await spawnTestRelayProcess({ RELAY_SERVER_HEADERS_TIMEOUT: '60s', RELAY_SERVER_REQUEST_TIMEOUT: '60s' });
});
afterAll(() => relay?.kill());

/** Opens `count` sockets from `localAddress` that never finish their headers (held: the header timeout is long here). */
function slowlorisClient(count: number, localAddress: string) {
  const port = Number(new URL(relay.url).port);
  let settled = 0;
  const sockets = Array.from({ length: count }, () => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    let counted = false;
    const settle = () => !counted && ((counted = true), settled++);
    socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: relay\r\nX-Slow: ', settle));
    socket.on('error', () => undefined);
    socket.on('close', settle);
    return socket;
  });
  return {
    /** Every socket has sent its partial headers or been closed. */
    inPlace: () => settled === count,
    stillOpen: () => sockets.filter((socket) => !socket.destroyed && socket.readyState === 'open').length,
    stop: () => sockets.forEach((socket) => socket.destroy()),
  };
}

describe('slowloris from one client', () => {
  it('leaves every other client served while one address holds 1,100 slow sockets', async () => {
    const attacker = slowlorisClient(1100, '127.0.0.2');
    try {
      await until(() => attacker.inPlace(), Boolean);
      const statuses: (number | string)[] = [];
      for (let i = 0; i < 60; i++) {
        statuses.push(await rawRequest(relay.url, 'GET', '/v1/me', { headers: { authorization: `Bearer ${relay.apiKey}`, connection: 'close' } }).then(
          (response) => response.status,
          (error: NodeJS.ErrnoException) => error.code ?? String(error),
        ));
      }
      expect(statuses.filter((status) => status !== 200)).toEqual([]);
      // The attacker kept its share, not more.
      await until(() => attacker.stillOpen(), (open) => open <= 256);
    } finally {
      attacker.stop();
    }
  }, 60_000);
});
