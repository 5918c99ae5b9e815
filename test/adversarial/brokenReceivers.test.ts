/**
 * Receivers that misbehave in ways test/relay/delivery/deliveryRules.test.ts does not already cover (it covers
 * 500, an HTTP-level hang → timeout, connection refused, 429/503 Retry-After in seconds and as a date, redirects,
 * 410): a reset mid-response, a TCP peer that never answers, a 100 MB answer, and a receiver down for the whole
 * retry window.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';
import { subscribe as subscribeTo } from '../support/subscribe.ts';

let relay: TestRelay;
const cleanups: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  relay = await startTestRelay({ RELAY_REQUEST_TIMEOUT: '700ms' });
});
afterAll(() => relay.stop());
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

type Attempt = { status_code: number | null; error: string | null; response_excerpt: string | null; ok: boolean; duration_ms: number };
type Delivery = { id: string; status: string; attempts: number; attempt_log: Attempt[] };

const subscribe = (on: TestRelay, url: string, event = 'payment_received') => subscribeTo(on.api, url, { event, name: 'Broken' });
const emit = async (on: TestRelay, n: number, event = 'payment_received') =>
  (await (await on.api('/v1/events', { method: 'POST', json: { event, payload: { payment_id: n, customer_user_email: `b${n}@x.io` } } })).json()) as { id: string };
const deliveriesOf = async (on: TestRelay, webhookId: string) => (await (await on.api(`/v1/webhooks/${webhookId}/deliveries?limit=100`)).json()).data as Delivery[];


/** An HTTP server for one misbehaviour; `handler` gets the request number (0-based). */
async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse, index: number) => void) {
  let count = 0;
  const started = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handler(req, res, count++));
  });
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => (started.closeAllConnections(), started.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(started.address() as AddressInfo).port}/hook`, count: () => count };
}

describe('broken receivers', () => {
  it('a connection reset mid-response is a failed attempt, retried until the receiver answers', async () => {
    const target = await server((_, res, index) => {
      if (index >= 2) return res.writeHead(200).end('fine now');
      // Headers and half a body, then the connection dies.
      res.writeHead(200, { 'content-length': '1000' });
      res.write('x'.repeat(400), () => res.socket?.resetAndDestroy());
    });
    const hook = await subscribe(relay, target.url);
    await emit(relay, 1);
    const [delivery] = await until(() => deliveriesOf(relay, hook.id), (list) => list[0]?.status === 'succeeded');
    expect(delivery.attempts).toBe(3);
    for (const attempt of delivery.attempt_log.slice(1)) {
      expect(attempt).toMatchObject({ ok: false, error: expect.stringMatching(/response (aborted|interrupted)|ECONNRESET|socket hang up/) });
    }
  });

  it('a receiver that accepts the connection and never reads or answers times out, and is retried', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => {
      socket.pause(); // accept, read nothing, answer nothing
      sockets.push(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (sockets.forEach((socket) => socket.destroy()), silent.close(() => resolve()))));
    const hook = await subscribe(relay, `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`);
    await emit(relay, 2);
    const [delivery] = await until(() => deliveriesOf(relay, hook.id), (list) => (list[0]?.attempts ?? 0) >= 2);
    expect(delivery.attempt_log.at(-1)).toMatchObject({ ok: false, status_code: null, error: expect.stringMatching(/timed out after 700 ms/) });
    expect(delivery.status).toBe('pending');
    await relay.api(`/v1/webhooks/${hook.id}`, { method: 'DELETE' });
  });

  it('a 100 MB answer: only the excerpt is kept, the rest is not read, memory stays flat', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'y');
    const offered: number[] = [];
    const target = await server((_, res, index) => {
      const total = 100 * 1024 * 1024;
      res.writeHead(200, index % 2 ? { 'content-length': String(total) } : {}); // with a length, and chunked
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => offered.push(sent));
      res.on('error', () => undefined);
      pump();
    });
    const hook = await subscribe(relay, target.url);
    global.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    for (let i = 0; i < 10; i++) await emit(relay, 100 + i);
    const deliveries = await until(() => deliveriesOf(relay, hook.id), (list) => list.length === 10 && list.every((d) => d.status === 'succeeded'), { timeoutMs: 60_000 });
    clearInterval(sampler);
    // 10 × 100 MB offered; the relay read about 1 MiB of each (RELAY's maxDrainBytes) and dropped the connection.
    await until(async () => offered.length, (count) => count === 10);
    expect(Math.max(...offered)).toBeLessThan(20 * 1024 * 1024);
    const growthMb = (peak - before) / 1024 / 1024;
    console.log(`100 MB answers: rss ${Math.round(before / 1048576)} MB → peak ${Math.round(peak / 1048576)} MB (+${growthMb.toFixed(1)} MB) over 10 deliveries`);
    expect(growthMb).toBeLessThan(64);
    for (const delivery of deliveries) {
      const [attempt] = delivery.attempt_log;
      expect(attempt).toMatchObject({ ok: true, status_code: 200, error: null });
      expect(attempt.response_excerpt).toBe('y'.repeat(16 * 1024));
    }
  });
});

describe('a receiver down for the whole retry window', () => {
  let shortWindow: TestRelay;
  let healthy: Receiver;
  beforeAll(async () => {
    shortWindow = await startTestRelay({ RELAY_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms', RELAY_DISABLE_AFTER_FAILING: '1s', RELAY_REQUEST_TIMEOUT: '500ms' });
    healthy = await startReceiver();
  });
  afterAll(async () => {
    await shortWindow.stop();
    await healthy.close();
  });

  it('is disabled with its reason; its pending retries are cancelled; the other webhooks carry on', async () => {
    const gone = await startReceiver();
    const downUrl = gone.url;
    await gone.close(); // nothing listens there: every attempt is refused
    const down = await subscribe(shortWindow, downUrl);
    const fine = await subscribe(shortWindow, healthy.url);
    const sent: string[] = [];
    for (let i = 0; i < 5; i++) sent.push((await emit(shortWindow, 200 + i)).id);
    const webhook = await until(async () => (await shortWindow.api(`/v1/webhooks/${down.id}`)).json(), (value) => value.active === false);
    expect(webhook.disabled_reason, webhook.disabled_reason).toMatch(/^Every delivery failed for \d+(\.\d)? s with no success; last error: .*ECONNREFUSED/);
    const deliveries = await until(() => deliveriesOf(shortWindow, down.id), (list) => list.every((d) => d.status !== 'pending'));
    expect(deliveries.map((d) => d.status)).toContain('cancelled');
    expect(deliveries.every((d) => ['failed', 'cancelled'].includes(d.status))).toBe(true);
    const attemptsAtDisable = deliveries.reduce((sum, d) => sum + d.attempts, 0);

    // Later events still reach the healthy webhook, and none is queued for the disabled one.
    for (let i = 0; i < 5; i++) {
      const event = await emit(shortWindow, 300 + i);
      sent.push(event.id);
    }
    await healthy.waitFor(10);
    expect(new Set(healthy.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(sent));
    // Nothing of the disabled webhook is pending any more, so no attempt can follow.
    const after = await deliveriesOf(shortWindow, down.id);
    expect(after.every((d) => d.status !== 'pending')).toBe(true);
    expect(after.reduce((sum, d) => sum + d.attempts, 0)).toBe(attemptsAtDisable);
    expect(after).toHaveLength(5);
    // The receiver has the 10th request a moment before the relay has recorded its answer.
    const healthyWebhook = await until(async () => (await shortWindow.api(`/v1/webhooks/${fine.id}`)).json(), (value) => value.deliveries_succeeded === 10);
    expect(healthyWebhook).toMatchObject({ active: true, deliveries_succeeded: 10, disabled_reason: null });
  });
});
