/**
 * The subscribers, as one process of their own: N receivers on loopback answering 200 (or hanging, or down),
 * recording when each event (its webhook-id header) first arrived, on the bench's shared clock. Each receiver
 * has its own HTTP server (own port), or, with `shared`, all share one server (one host:port, as every Zap is on
 * hooks.zapier.com) and are told apart by path: `/r/<index>`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { clock, cpuMicros, serveParent } from '../childProcess.ts';

/** zapier: Zapier's intake double, at most 30 per second and 10,000 per 5 minutes (sliding), 429 beyond that. */
type Mode = 'ok' | 'hang' | 'zapier';

interface Receiver {
  mode: Mode;
  /** event id → first arrival. */
  arrivals: Map<string, number>;
  duplicates: number;
  /** zapier mode: when each accepted request arrived (oldest first), and the requests answered 429. */
  accepted: number[];
  rejected: number;
}

const zapierLimits = [{ count: 30, windowMs: 1000 }, { count: 10_000, windowMs: 5 * 60_000 }];

/** Whether Zapier would take one more request now: fewer than the limit arrived in each window ending now. */
function withinZapierLimits(receiver: Receiver, now: number): boolean {
  const accepted = receiver.accepted;
  while (accepted.length && accepted[0] <= now - zapierLimits[1].windowMs) accepted.shift();
  return zapierLimits.every(({ count, windowMs }) => {
    if (accepted.length < count) return true;
    // The count-th most recent arrival must have left the window.
    return accepted[accepted.length - count] <= now - windowMs;
  });
}

/** One listening server and how it finds the receiver a request is for. */
interface Listener {
  server: http.Server;
  port: number;
  route: (req: http.IncomingMessage) => Receiver | undefined;
}

const receivers: Receiver[] = [];
const listeners: Listener[] = [];
let waiter: { check: () => void } | null = null;

function createServer(route: Listener['route']): http.Server {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const self = route(req);
      if (!self) {
        res.writeHead(404).end();
        return;
      }
      const id = String(req.headers['webhook-id']);
      if (self.mode === 'zapier') {
        const now = clock();
        if (!withinZapierLimits(self, now)) {
          self.rejected++;
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end('{"status":"throttled"}');
          return;
        }
        self.accepted.push(now);
      }
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

const newReceiver = (): Receiver => ({ mode: 'ok', arrivals: new Map(), duplicates: 0, accepted: [], rejected: 0 });

async function addListener(route: Listener['route']): Promise<Listener> {
  const server = createServer(route);
  const listener = { server, port: await listen(server), route };
  listeners.push(listener);
  return listener;
}

/** Starts `count` receivers and returns their URLs, in index order. */
async function start(count: number, options: { shared?: boolean } = {}): Promise<string[]> {
  const urls: string[] = [];
  if (options.shared) {
    const first = receivers.length;
    for (let index = 0; index < count; index++) receivers.push(newReceiver());
    // `/r/<index>`, and below it any path (a Zapier-shaped one: /r/3/hooks/catch/123/abc/).
    const path = /^\/r\/(\d+)(\/.*)?$/;
    const listener = await addListener((req) => {
      const match = path.exec(req.url ?? '');
      const index = match ? Number(match[1]) : -1;
      return index >= first && index < first + count ? receivers[index] : undefined;
    });
    for (let index = first; index < first + count; index++) urls.push(`http://127.0.0.1:${listener.port}/r/${index}`);
    return urls;
  }
  for (let index = 0; index < count; index++) {
    const receiver = newReceiver();
    receivers.push(receiver);
    const listener = await addListener(() => receiver);
    urls.push(`http://127.0.0.1:${listener.port}/hook`);
  }
  return urls;
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
    for (const receiver of receivers) Object.assign(receiver, { arrivals: new Map(), duplicates: 0, accepted: [], rejected: 0 });
  },
  waitFor,
  /** Per receiver: [event id, first arrival] pairs and how many repeats arrived. */
  collect: () => receivers.map((receiver) => ({ arrivals: [...receiver.arrivals], duplicates: receiver.duplicates })),
  counts: () => receivers.map((receiver) => receiver.arrivals.size),
  /** Per receiver, the requests it answered 429 (zapier mode). */
  rejected: () => receivers.map((receiver) => receiver.rejected),
  cpuMicros,
  /** Open connections per server (a hanging receiver's requests keep theirs). */
  connections: () => Promise.all(listeners.map((listener) => new Promise<number>((resolve) => listener.server.getConnections((error, n) => resolve(error ? -1 : n))))),
  /** Down: stop listening and drop every open connection, so senders get ECONNREFUSED. */
  down: async () => {
    await Promise.all(listeners.map((listener) => new Promise<void>((resolve) => {
      listener.server.close(() => resolve());
      listener.server.closeAllConnections();
    })));
  },
  /** Up again on the same ports (the webhooks point there). */
  up: async () => {
    for (const listener of listeners) {
      listener.server = createServer(listener.route);
      await listen(listener.server, listener.port);
    }
  },
  close: async () => {
    for (const listener of listeners) listener.server.closeAllConnections();
    await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.server.close(resolve))));
  },
});
