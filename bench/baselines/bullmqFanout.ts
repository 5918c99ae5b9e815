/**
 * Fan-out baseline: what a Node team would build instead of the relay. A Hono ingest route (same validation)
 * adds one BullMQ job per subscriber on Redis and answers 202 once Redis has them; a BullMQ worker in the same
 * process POSTs each job with fetch, signed with the same Standard Webhooks code, retried with backoff.
 * Generous to BullMQ: completed jobs are removed (no attempt log), and Redis persists as it is configured.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Queue, Worker } from 'bullmq';
import { Hono } from 'hono';
import { Redis } from 'ioredis';
import { generateSigningSecret, signatureHeader } from '../../shared/signing/standardWebhooks.ts';
import { handleError } from '../../relay/src/api/apiError.ts';
import { readPluginIngest } from '../../relay/src/api/routes/ingestRoutes.ts';
import { ingestTokenAuth } from '../../relay/src/api/auth.ts';
import { AuthThrottle } from '../../relay/src/access/authThrottle.ts';
import { TrustedProxies } from '../../relay/src/access/clientAddress.ts';
import { newId } from '../../relay/src/store/ids.ts';
import { cpuMicros, serveParent } from '../childProcess.ts';

interface DeliveryJob {
  eventId: string;
  event: string;
  body: string;
  url: string;
  secret: string;
}

const ingestToken = process.env.RELAY_INGEST_TOKEN!;
const redisUrl = process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const queueName = `bench-fanout-${randomBytes(4).toString('hex')}`;
const connection = () => new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue<DeliveryJob>(queueName, { connection: connection() });
let subscribers: { url: string; secret: string }[] = [];

const worker = new Worker<DeliveryJob>(queueName, async (job) => {
  const { eventId, event, body, url, secret } = job.data;
  const timestamp = Math.floor(Date.now() / 1000);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': eventId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader([secret], eventId, timestamp, body),
      'x-um-event': event,
    },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
}, { connection: connection(), concurrency: 256, autorun: true });
worker.on('error', () => undefined);

const app = new Hono();
app.onError((error, c) => handleError(error, c, () => undefined));
app.use('/ingest/:token/*', ingestTokenAuth(() => ingestToken, new AuthThrottle({ maxFailures: 20, windowMs: 60_000, proxies: new TrustedProxies([]) })));
app.post('/ingest/:token/:slug', async (c) => {
  const { slug, body } = await readPluginIngest(c);
  const eventId = newId('evt');
  await queue.addBulk(subscribers.map((subscriber) => ({
    name: slug,
    data: { eventId, event: slug, body: body.text, url: subscriber.url, secret: subscriber.secret },
    opts: { attempts: 8, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
  })));
  return c.json({ ok: true, id: eventId, event: slug, deliveries: subscribers.length }, 202);
});

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  serveParent({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, queue: queueName }, {
    subscribe: (urls: string[]) => void (subscribers = urls.map((url) => ({ url, secret: generateSigningSecret() }))),
    /** This process only (Redis's own CPU is not counted). */
    cpuMicros,
  });
});

process.on('SIGTERM', async () => {
  server.close();
  await worker.close(true).catch(() => undefined);
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close().catch(() => undefined);
  process.exit(0);
});
