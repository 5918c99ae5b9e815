/**
 * The subscribers, as one process of their own: N HTTP servers on loopback answering 200 (or hanging, or down),
 * recording when each event (its webhook-id header) first arrived, on the bench's shared clock.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock, serveParent } from '../childProcess.ts';

type Mode = 'ok' | 'hang';

interface Receiver {
  server: http.Server;
  port: number;
  mode: Mode;
  /** event id → first arrival. */
  arrivals: Map<string, number>;
  duplicates: number;
}

const receivers: Receiver[] = [];
let waiter: { check: () => void } | null = null;

function createServer(receiver: () => Receiver): http.Server {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const self = receiver();
      const id = String(req.headers['webhook-id']);
      if (self.arrivals.has(id)) self.duplicates++;
      else self.arrivals.set(id, clock());
      waiter?.check();
      if (self.mode === 'hang') return; // never answers; the sender's own deadline ends it
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  return server;
}

const listen = (server: http.Server, port = 0) => new Promise<number>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
});

async function start(count: number): Promise<string[]> {
  for (let index = 0; index < count; index++) {
    const receiver = { mode: 'ok', arrivals: new Map(), duplicates: 0 } as unknown as Receiver;
    receiver.server = createServer(() => receiver);
    receiver.port = await listen(receiver.server);
    receivers.push(receiver);
  }
  return receivers.map((receiver) => `http://127.0.0.1:${receiver.port}/hook`);
}

/** Resolves once each receiver in `indices` has `expected` distinct events, or when `timeoutMs` passes. */
function waitFor(expected: number, timeoutMs: number, only: number[] | null) {
  const indices = only ?? receivers.map((_, index) => index);
  return new Promise<{ complete: boolean; counts: number[] }>((resolve) => {
    const counts = () => receivers.map((receiver) => receiver.arrivals.size);
    const timer = setTimeout(() => finish(false), timeoutMs);
    const finish = (complete: boolean) => {
      clearTimeout(timer);
      waiter = null;
      resolve({ complete, counts: counts() });
    };
    waiter = { check: () => indices.every((index) => receivers[index].arrivals.size >= expected) && finish(true) };
    waiter.check();
  });
}

serveParent({ pid: process.pid }, {
  start,
  setMode: (index: number, mode: Mode) => void (receivers[index].mode = mode),
  reset: () => {
    for (const receiver of receivers) (receiver.arrivals = new Map(), (receiver.duplicates = 0));
  },
  waitFor,
  /** Per receiver: [event id, first arrival] pairs and how many repeats arrived. */
  collect: () => receivers.map((receiver) => ({ arrivals: [...receiver.arrivals], duplicates: receiver.duplicates })),
  counts: () => receivers.map((receiver) => receiver.arrivals.size),
  /** Down: stop listening and drop every open connection, so senders get ECONNREFUSED. */
  down: async () => {
    await Promise.all(receivers.map((receiver) => new Promise<void>((resolve) => {
      receiver.server.close(() => resolve());
      receiver.server.closeAllConnections();
    })));
  },
  /** Up again on the same ports (the webhooks point there). */
  up: async () => {
    for (const receiver of receivers) {
      receiver.server = createServer(() => receiver);
      await listen(receiver.server, receiver.port);
    }
  },
  close: async () => {
    for (const receiver of receivers) receiver.server.closeAllConnections();
    await Promise.all(receivers.map((receiver) => new Promise((resolve) => receiver.server.close(resolve))));
  },
});
