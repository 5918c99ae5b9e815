/** `relay migrate` and `relay copy-sqlite-to-postgres`, run as a user would: the real CLI in a child process. */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { newId } from '../../../relay/src/store/ids.ts';
import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { SqliteStore } from '../../../relay/src/store/sqlite/sqliteStore.ts';
import pg from 'pg';
import { dropSchema, newSchemaName, testDatabaseUrl, urlWithSchema } from '../../support/postgres.ts';
import { startTestRelay, tempDir } from '../../support/testRelay.ts';
import { postgresMigrations } from '../../../relay/src/store/postgres/migrations.ts';

const schemas: string[] = [];
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

async function relayCli(args: string[], env: Record<string, string> = {}) {
  const cleanEnv = { ...process.env, DATABASE_URL: '', RELAY_LOG_LEVEL: 'warn', ...env };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'relay/src/cli/main.ts', ...args], { env: cleanEnv, cwd: process.cwd() });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('relay migrate', () => {
  it('migrates PostgreSQL (several processes at once) and SQLite, printing the version', async () => {
    const schema = newSchemaName();
    schemas.push(schema);
    const runs = await Promise.all([1, 2, 3].map(() => relayCli(['migrate'], { DATABASE_URL: urlWithSchema(schema) })));
    for (const run of runs) expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining(`postgres store (DATABASE_URL) at schema version ${postgresMigrations[postgresMigrations.length - 1].version}`) });
    const sqlite = await relayCli(['migrate'], { RELAY_DATA_DIR: tempDir() });
    expect(sqlite).toMatchObject({ code: 0, stdout: expect.stringContaining('sqlite store') });
  }, 30_000);
});

describe('relay copy-sqlite-to-postgres', () => {
  it('copies every table, keeps order and cursors, then refuses a second copy into the same target', async () => {
    const dir = tempDir();
    const sqlite = new SqliteStore(path.join(dir, 'relay.db'));
    await sqlite.migrate();
    await sqlite.getOrCreateSetting('apiKey', 'rk_copied');
    const hook = await sqlite.createWebhook({ id: newId('wh'), name: 'Sheet', url: 'http://127.0.0.1:9/h', events: ['*'], integration: 'zapier', active: true, secret: 'whsec_A', createdAt: 1 });
    await sqlite.createWebhook({ id: newId('wh'), name: 'Off', url: 'http://127.0.0.1:9/o', events: ['x', 'y'], integration: 'manual', active: false, secret: 'whsec_B', createdAt: 2 });
    for (let i = 0; i < 30; i++) await sqlite.insertEvent({ id: newId('evt'), event: 'payment_received', body: `{"n":${i},"ü":"✓"}`, isTest: i === 0, source: 'ingest', idempotencyKey: `k${i}`, receivedAt: 10 + i });
    const [claimed] = await sqlite.queue.claimDueDeliveries({ workerId: 'w', now: 100, limit: 1, leaseMs: 1000, perWebhookLimit: 1, excludeWebhookIds: [] });
    await sqlite.queue.completeAttempt(claimed.delivery.id, 'w', {
      attempt: { id: newId('att'), deliveryId: claimed.delivery.id, webhookId: hook.id, eventId: claimed.delivery.eventId, attemptNumber: 1, trigger: 'scheduled', startedAt: 100, durationMs: 3, ok: true, statusCode: 200, error: null, responseExcerpt: 'ok' },
      status: 'succeeded', nextAttemptAt: null, disableWebhookReason: null,
    });
    const bin = await sqlite.inspector.createBin({ id: newId('bin'), name: 'Bin', createdAt: 5 });
    await sqlite.inspector.recordRequest({ id: newId('req'), binId: bin.id, method: 'POST', path: '/x', headers: { a: 'b' }, body: '{}', receivedAt: 6 }, 10);
    await sqlite.network.save({
      networkUrl: 'https://network.example', apiKey: 'key', apiSecret: 'secret', label: 'Net', integration: 'relay', relayUrl: 'https://relay.example',
      registeredEvents: [{ slug: 'payment_received', name: 'Payment Received', description: 'd', sample: { payment_id: 0 } }],
      wiredWebhooks: [{ event: 'payment_received', pluginWebhookId: '18', url: 'https://relay.example/ingest/t/payment_received', createdByRelay: true }],
      connectedAt: 7, checkedAt: 8,
    });
    const expected = {
      network: await sqlite.network.get(),
      webhooks: await sqlite.listWebhooks({}, { limit: 10 }),
      events: await sqlite.listEvents({ includeTests: true }, { limit: 100 }),
      deliveries: await sqlite.listDeliveries({}, { limit: 100 }),
      attempts: await sqlite.listAttempts({}, { limit: 10 }),
      requests: await sqlite.inspector.listRequests(bin.id, { limit: 10 }),
      seen: await sqlite.listSeenEventTypes(),
      stats: await sqlite.reports.stats(),
    };
    await sqlite.close();

    const schema = newSchemaName();
    schemas.push(schema);
    const url = urlWithSchema(schema);
    const copy = await relayCli(['copy-sqlite-to-postgres', '--from', path.join(dir, 'relay.db'), '--to', url]);
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/events\s+30/);

    const pgStore = new PostgresStore(url, { listen: false });
    try {
      expect(await pgStore.listWebhooks({}, { limit: 10 })).toEqual(expected.webhooks);
      expect(await pgStore.listEvents({ includeTests: true }, { limit: 100 })).toEqual(expected.events);
      expect(await pgStore.listDeliveries({}, { limit: 100 })).toEqual(expected.deliveries);
      expect(await pgStore.listAttempts({}, { limit: 10 })).toEqual(expected.attempts);
      expect(await pgStore.inspector.listRequests(bin.id, { limit: 10 })).toEqual(expected.requests);
      expect(await pgStore.listSeenEventTypes()).toEqual(expected.seen);
      expect(await pgStore.reports.stats()).toEqual(expected.stats);
      expect(await pgStore.network.get()).toEqual(expected.network);
      expect(await pgStore.getOrCreateSetting('apiKey', 'other')).toEqual({ value: 'rk_copied', created: false });
      // Sequences continue after the copied rows: a new event is the newest.
      const added = await pgStore.insertEvent({ id: newId('evt'), event: 'payment_received', body: '{}', isTest: false, source: 'api', idempotencyKey: 'k3', receivedAt: 99 });
      expect(added.created).toBe(false);
      const fresh = await pgStore.insertEvent({ id: newId('evt'), event: 'payment_received', body: '{}', isTest: false, source: 'api', idempotencyKey: null, receivedAt: 99 });
      expect((await pgStore.listEvents({}, { limit: 1 })).items[0].id).toBe(fresh.event.id);
      // The webhooks' subscriptions came along: fan-out to * and the listing by one of several events.
      expect(fresh.deliveries).toBe(1);
      expect((await pgStore.listWebhooks({ event: 'y' }, { limit: 10 })).items.map((webhook) => webhook.name)).toEqual(['Off']);
    } finally {
      await pgStore.close();
    }

    const again = await relayCli(['copy-sqlite-to-postgres', '--from', path.join(dir, 'relay.db'), '--to', url]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds data');
  }, 30_000);

  it('refuses while a relay runs on that data dir, and leaves the target empty', async () => {
    const relay = await startTestRelay();
    const schema = newSchemaName();
    schemas.push(schema);
    try {
      const copy = await relayCli(['copy-sqlite-to-postgres', '--to', urlWithSchema(schema)], { RELAY_DATA_DIR: relay.dataDir });
      expect(copy.code).toBe(1);
      expect(copy.stderr).toContain(`error: a relay (pid ${process.pid}, ${relay.url}) is running on ${relay.dataDir}: stop it first, then copy`);
    } finally {
      await relay.stop();
    }
    const client = new pg.Client(testDatabaseUrl);
    await client.connect();
    try {
      expect((await client.query('SELECT 1 FROM information_schema.tables WHERE table_schema = $1', [schema])).rowCount).toBe(0);
    } finally {
      await client.end();
    }
  }, 30_000);
});
