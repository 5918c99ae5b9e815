/**
 * A relay as its own process for the bench: `startRelay` with the environment the parent gives (as `relay
 * start` would), plus calls the bench needs: RSS, store counts, and seeding attempts through the store API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../relay/src/config/config.ts';
import { createLogger } from '../../relay/src/logger.ts';
import { startRelay } from '../../relay/src/startRelay.ts';
import { newId } from '../../relay/src/store/ids.ts';
import { sqliteFileName } from '../../relay/src/store/sqlite/sqliteStore.ts';
import type { AttemptOutcome } from '../../relay/src/store/types.ts';
import { cpuMicros, memoryReducingGc, serveParent } from '../childProcess.ts';
import { benchEvent, paymentReceivedBody } from '../payload.ts';

const config = loadConfig(process.env);
const relay = await startRelay(config, { log: createLogger(config.logLevel) });
const { store } = relay.context;

/**
 * Logs `count` delivery attempts the way the worker does (attempt row + delivery and webhook counters), in
 * transactions of `batch` attempts, spread over deliveries of one webhook, 100 attempts per delivery.
 */
async function seedAttempts(webhookId: string, count: number, batch = 5000): Promise<{ seconds: number }> {
  const started = performance.now();
  const perDelivery = 100;
  let done = 0;
  while (done < count) {
    const writes: Promise<unknown>[] = [];
    const eventId = newId('evt');
    await store.insertEvent({ id: eventId, event: benchEvent, body: paymentReceivedBody(done), isTest: true, source: 'api', idempotencyKey: null, receivedAt: Date.now() });
    const deliveryIds: string[] = [];
    for (let index = 0; index < Math.ceil(Math.min(batch, count - done) / perDelivery); index++) {
      const id = newId('dlv');
      deliveryIds.push(id);
      writes.push(store.insertDelivery({ id, eventId, webhookId, event: benchEvent, createdAt: Date.now(), status: 'pending' }));
    }
    await Promise.all(writes);
    writes.length = 0;
    const inThisBatch = Math.min(batch, count - done);
    for (let index = 0; index < inThisBatch; index++) {
      const deliveryId = deliveryIds[Math.floor(index / perDelivery)];
      const startedAt = Date.now();
      const outcome: AttemptOutcome = {
        attempt: {
          id: newId('att'), deliveryId, webhookId, eventId, attemptNumber: (index % perDelivery) + 1, trigger: 'scheduled',
          startedAt, durationMs: 3, ok: index % 10 !== 0, statusCode: index % 10 !== 0 ? 200 : 503,
          error: index % 10 !== 0 ? null : 'HTTP 503', responseExcerpt: '{"ok":true}',
        },
        status: 'pending', nextAttemptAt: startedAt + 60_000, disableWebhookReason: null,
      };
      writes.push(store.queue.recordDirectAttempt(deliveryId, outcome));
    }
    await Promise.all(writes);
    done += inThisBatch;
  }
  return { seconds: (performance.now() - started) / 1000 };
}

function storeFileBytes(): number | null {
  if (store.kind !== 'sqlite') return null;
  return ['', '-wal', '-shm'].reduce((total, suffix) => {
    const file = path.join(config.dataDir, sqliteFileName + suffix);
    return total + (fs.existsSync(file) ? fs.statSync(file).size : 0);
  }, 0);
}

process.on('SIGTERM', () => void relay.stop().then(() => process.exit(0)));

serveParent({ url: relay.url, apiKey: relay.keys.apiKey, ingestToken: relay.keys.ingestToken, store: store.kind }, {
  rss: () => process.memoryUsage().rss,
  cpuMicros,
  gc: memoryReducingGc,
  stats: () => store.reports.stats(),
  seedAttempts,
  storeFileBytes,
  deliveryCounts: async () => {
    const counts: Record<string, number> = {};
    for (const status of ['pending', 'succeeded', 'failed', 'cancelled'] as const) {
      let cursor: string | undefined;
      let n = 0;
      do {
        const page = await store.listDeliveries({ status }, { limit: 1000, before: cursor });
        n += page.items.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      counts[status] = n;
    }
    return counts;
  },
});
