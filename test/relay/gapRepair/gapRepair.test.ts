/**
 * Gap repair against the plugin double's send log (GET /wu/v2/event answered as the live plugin does; the
 * double's `sendLog.send` is the plugin sending a webhook: POSTed to the relay or lost, then logged). Every send
 * to this relay it never received arrives exactly once at the subscriber, byte for byte, marked recovered; what
 * it received is never recovered; a late original is a duplicate; the same event sent twice arrives twice.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startPluginApiDouble, type PluginApiDouble } from '../../support/pluginApiDouble.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { runRelayCli } from '../../support/relayCli.ts';
import { dropSchema, newSchemaName, urlWithSchema } from '../../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

interface Pass { status: string; entries_read: number; received: number; recovered: number; unrecoverable: number; not_ours: number; waiting: boolean; error: string | null }

const payment = (id: number, extra: Record<string, unknown> = {}) => ({
  payment_id: id, payment_total: '$ 29.90', payment_product_names: 'Plan "A" & <b>more</b> / ünïcode', payment_invoice_url: `http://network.example?action=invoice&reference=R${id}`, ...extra,
});

const ingestUrl = (relay: TestRelay, slug: string) => `${relay.url}/ingest/${relay.keys.ingestToken}/${slug}`;

async function connect(relay: TestRelay, plugin: PluginApiDouble) {
  const connected = await relay.api('/v1/network', { method: 'PUT', json: { network_url: plugin.url, api_key: plugin.apiKey, api_secret: plugin.apiSecret } });
  expect(connected.status).toBe(200);
}

async function subscribeToAll(relay: TestRelay, receiver: Receiver) {
  const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Everything', url: receiver.url, events: ['payment_received', 'site_published'] } });
  expect(created.status).toBe(201);
}

async function runPass(relay: TestRelay): Promise<Pass> {
  const response = await relay.api('/v1/network/gap-repair', { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as Pass;
}

const bodiesOf = (receiver: Receiver) => receiver.requests.map((request) => request.body).sort();
const recoveredCount = (receiver: Receiver) => receiver.requests.filter((request) => request.headers['x-um-recovered'] === 'true').length;

describe('gap repair from the plugin send log', () => {
  let relay: TestRelay;
  let plugin: PluginApiDouble;
  let receiver: Receiver;
  beforeAll(async () => {
    relay = await startTestRelay({ RELAY_GAP_REPAIR_GRACE: '0s', RELAY_GAP_REPAIR_WINDOW: '10m', RELAY_NETWORK_TIMEOUT: '500ms' });
  });
  afterAll(async () => {
    await relay?.stop();
  });
  beforeEach(async () => {
    [plugin, receiver] = await Promise.all([startPluginApiDouble(), startReceiver()]);
    await connect(relay, plugin);
    const { data } = (await (await relay.api('/v1/webhooks')).json()) as { data: { id: string }[] };
    await Promise.all(data.map((webhook) => relay.api(`/v1/webhooks/${webhook.id}`, { method: 'DELETE' })));
    await subscribeToAll(relay, receiver);
  });
  afterEach(async () => {
    await relay.api('/v1/network?force=true', { method: 'DELETE' });
    await Promise.all([plugin.close(), receiver.close()]);
  });

  it('recovers every send to this relay it never received, once, byte for byte and marked; what it received is left alone', async () => {
    const log = plugin.sendLog;
    const sent = [
      await log.send('payment_received', ingestUrl(relay, 'payment_received'), payment(1)),
      await log.send('payment_received', ingestUrl(relay, 'payment_received'), payment(2), { deliver: false }),
      await log.send('site_published', ingestUrl(relay, 'site_published'), { site_id: 3, site_url: 'http://network.example/s3/' }),
      // The same event sent twice on purpose: the first arrives, the second is lost.
      await log.send('payment_received', ingestUrl(relay, 'payment_received'), payment(4)),
      await log.send('payment_received', ingestUrl(relay, 'payment_received'), payment(4), { deliver: false }),
      await log.send('site_published', ingestUrl(relay, 'site_published'), { site_id: 5, site_url: 'http://network.example/s5/' }, { deliver: false }),
    ];
    // Another receiver's webhook in the same plugin: not this relay's to recover.
    await log.send('payment_received', 'https://hooks.zapier.com/hooks/catch/1/abc/', payment(6), { deliver: false });
    await until(() => receiver.requests.length, (count) => count === 3);

    expect(await runPass(relay)).toMatchObject({ status: 'done', entries_read: 14, received: 3, recovered: 3, unrecoverable: 0, not_ours: 1, waiting: false, error: null });
    await until(() => receiver.requests.length, (count) => count === 6);
    expect(bodiesOf(receiver)).toEqual([...sent].sort());
    expect(sent[1]).toContain('\\/ \\u00fcn\\u00efcode'); // the body as wp_json_encode made it, delivered as is
    expect(receiver.requests.filter((request) => request.headers['x-um-recovered'] === 'true').map((request) => request.body).sort()).toEqual([sent[1], sent[4], sent[5]].sort());

    // Nothing new in the log: the next pass reads nothing and recovers nothing.
    expect(await runPass(relay)).toMatchObject({ status: 'done', entries_read: 0, recovered: 0 });
    const events = (await (await relay.api('/v1/events?limit=20')).json()) as { data: { source: string; body?: string }[] };
    expect(events.data.filter((event) => event.source === 'recovered')).toHaveLength(3);
    const status = (await (await relay.api('/v1/network/gap-repair')).json()) as { counts: unknown; position: { entry_id: number }; last_pass: Pass };
    expect(status.counts).toEqual({ received: 3, recovered: 3, unrecoverable: 0, late_originals: 0 });
    expect(status.position.entry_id).toBe(Number(log.records.at(-1)!.id));
    const metrics = await (await relay.api('/metrics')).text();
    expect(metrics).toMatch(/relay_plugin_log_entries_total\{outcome="recovered"\} [1-9]/);
    expect(metrics).toMatch(/relay_events_received_total\{event="payment_received",source="recovered"\} 2/);
  });

  it('answers an original arriving after its recovery as a duplicate of it; the same event sent again later still arrives', async () => {
    const body = await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(7), { deliver: false });
    expect(await runPass(relay)).toMatchObject({ recovered: 1 });
    await until(() => receiver.requests.length, (count) => count === 1);
    const recoveredId = receiver.requests[0].headers['webhook-id'];

    const late = await relay.ingest('payment_received', body);
    expect(late.status).toBe(202);
    expect(await late.json()).toMatchObject({ id: recoveredId, duplicate: true, deliveries: 0 });
    // No event was stored for it: the newest event is still the recovered one.
    const stored = (await (await relay.api('/v1/events?limit=1')).json()) as { data: { id: string }[] };
    expect(stored.data.map((event) => event.id)).toEqual([recoveredId]);

    // The plugin sends the same event again on purpose and it arrives: a second event, paired by the next pass.
    await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(7));
    await until(() => receiver.requests.length, (count) => count === 2);
    expect(await runPass(relay)).toMatchObject({ received: 1, recovered: 0 });
    expect(bodiesOf(receiver)).toEqual([body, body]);
    expect(recoveredCount(receiver)).toBe(1);
    const status = (await (await relay.api('/v1/network/gap-repair')).json()) as { counts: unknown };
    expect(status.counts).toEqual({ received: 1, recovered: 1, unrecoverable: 0, late_originals: 1 });
  });

  it('leaves an entry younger than the grace period, and those after it, for a later pass', async () => {
    await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(8), { deliver: false, at: new Date(Date.now() + 3_600_000) });
    await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(9), { deliver: false });
    expect(await runPass(relay)).toMatchObject({ status: 'done', waiting: true, recovered: 0 });
    const status = (await (await relay.api('/v1/network/gap-repair')).json()) as { position: { entry_id: number } };
    expect(status.position.entry_id).toBe(0);
  });

  it('finds its place again when entries before its position were deleted on the network', async () => {
    for (let index = 0; index < 60; index++) await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(200 + index), { deliver: false });
    expect(await runPass(relay)).toMatchObject({ status: 'done', recovered: 60 });
    expect(((await (await relay.api('/v1/network/gap-repair')).json()) as { position: { offset: number } }).position.offset).toBe(120);
    plugin.sendLog.records.splice(0, 50); // the plugin's log clean-up: the position's entry is now the 70th
    await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(260), { deliver: false });
    expect(await runPass(relay)).toMatchObject({ status: 'done', recovered: 1, entries_read: 2 });
    expect(((await (await relay.api('/v1/network/gap-repair')).json()) as { position: { offset: number } }).position.offset).toBe(72);
    await until(() => receiver.requests.length, (count) => count === 61);
  });

  it('recovers nothing older than the relay keeps events: its original may have been received and deleted since', async () => {
    await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(16), { deliver: false, at: new Date(Date.now() - 31 * 86_400_000) });
    expect(await runPass(relay)).toMatchObject({ status: 'done', beyond_retention: 1, recovered: 0, received: 0 });
  });

  it('records an entry whose body cannot be read back exactly as unrecoverable, with the reason, and delivers nothing for it', async () => {
    const body = await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(10), { deliver: false });
    const cut = plugin.sendLog.logMessage('payment_received', `Sent a payment_received event to the URL ${ingestUrl(relay, 'payment_received')} with data: ${body.slice(0, 40)}`);
    // The command line's face of the same pass.
    const cli = await runRelayCli(['network', 'recover'], { RELAY_URL: relay.url, RELAY_DATA_DIR: relay.dataDir });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('3 log entries read: 0 received, 1 recovered, 1 unrecoverable, 0 sent elsewhere');
    expect(cli.stdout).toContain(`! log entry #${cut.id} (payment_received, `);
    expect(cli.stdout).toContain('unrecoverable: the body is cut short (its JSON never closes)');
    const entries = (await (await relay.api('/v1/network/gap-repair/entries?outcome=unrecoverable')).json()) as { data: unknown[] };
    expect(entries.data).toEqual([expect.objectContaining({ entry_id: Number(cut.id), event: 'payment_received', outcome: 'unrecoverable', event_id: null, reason: 'the body is cut short (its JSON never closes)' })]);
    await until(() => receiver.requests.length, (count) => count === 1);
    expect(bodiesOf(receiver)).toEqual([body]);
    expect((await relay.api('/v1/network/gap-repair/entries?outcome=lost')).status).toBe(400);
  });

  it('reads a log that never ends in bounded steps, and gives up on one answering too much or not at all, without holding the relay', async () => {
    await plugin.sendLog.send('payment_received', 'https://hooks.zapier.com/hooks/catch/1/abc/', payment(11), { deliver: false });
    plugin.sendLog.setEndless(true);
    plugin.requests.length = 0;
    expect(await runPass(relay)).toMatchObject({ status: 'more', error: null, recovered: 0 });
    expect(plugin.requests.filter((request) => request.path.startsWith('/wp-json/wu/v2/event')).length).toBe(20);

    plugin.sendLog.setEndless(false);
    plugin.sendLog.setHuge(9 * 1024 * 1024);
    expect(await runPass(relay)).toMatchObject({ status: 'failed', recovered: 0, error: expect.stringContaining('more than 8 MB') });

    plugin.setHanging(true);
    const pass = runPass(relay);
    expect((await relay.api('/v1/me')).status).toBe(200);
    expect(await pass).toMatchObject({ status: 'failed', error: expect.stringContaining('no answer within 500 ms') });
  });

  it('ends a pass at a page repeating earlier ones (a network ignoring `page`) after 2 reads, deciding nothing twice, pass after pass', async () => {
    await plugin.sendLog.send('payment_received', 'https://hooks.zapier.com/hooks/catch/1/abc/', payment(17), { deliver: false });
    plugin.sendLog.setRepeating(true);
    plugin.requests.length = 0;
    const logPagesRead = () => plugin.requests.filter((request) => request.path.startsWith('/wp-json/wu/v2/event')).map((request) => new URLSearchParams(request.path.split('?')[1]).get('page'));
    const error = expect.stringContaining('page 2 repeats records of earlier pages');

    expect(await runPass(relay)).toMatchObject({ status: 'failed', error, entries_read: 100, not_ours: 100 });
    expect(logPagesRead()).toEqual(['1', '2']);
    // The position is at the last entry decided: the next pass resumes there, and stops at the repeat again.
    const position = async () => ((await (await relay.api('/v1/network/gap-repair')).json()) as { position: unknown }).position;
    expect(await position()).toEqual({ entry_id: 1_000_099, offset: 100 });
    expect(await runPass(relay)).toMatchObject({ status: 'failed', error, entries_read: 0, not_ours: 0 });
    expect(logPagesRead()).toEqual(['1', '2', '1', '2']);
    expect(await position()).toEqual({ entry_id: 1_000_099, offset: 100 });
  });
});

describe('gap repair position and lease', () => {
  it('keeps its position and ledger across a restart: nothing is decided twice', async () => {
    const [plugin, receiver] = await Promise.all([startPluginApiDouble(), startReceiver()]);
    const env = { RELAY_GAP_REPAIR_GRACE: '0s' };
    let relay = await startTestRelay(env);
    try {
      await connect(relay, plugin);
      await subscribeToAll(relay, receiver);
      const url = ingestUrl(relay, 'payment_received');
      await plugin.sendLog.send('payment_received', url, payment(12), { deliver: false });
      expect(await runPass(relay)).toMatchObject({ recovered: 1 });
      await relay.stop();
      relay = await startTestRelay(env, { dataDir: relay.dataDir });
      await plugin.sendLog.send('payment_received', url, payment(13), { deliver: false });
      expect(await runPass(relay)).toMatchObject({ entries_read: 2, recovered: 1 });
      await until(() => receiver.requests.length, (count) => count === 2);
      expect(recoveredCount(receiver)).toBe(2);
    } finally {
      await relay.stop();
      await Promise.all([plugin.close(), receiver.close()]);
    }
  });

  it('runs at start and then on its schedule by itself', async () => {
    const [plugin, receiver] = await Promise.all([startPluginApiDouble(), startReceiver()]);
    let relay = await startTestRelay({ RELAY_GAP_REPAIR_GRACE: '0s' });
    try {
      await connect(relay, plugin);
      await subscribeToAll(relay, receiver);
      await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(14), { deliver: false });
      await relay.stop();
      relay = await startTestRelay({ RELAY_GAP_REPAIR_GRACE: '0s', RELAY_GAP_REPAIR_INTERVAL: '200ms' }, { dataDir: relay.dataDir });
      await until(() => receiver.requests.length, (count) => count === 1);
      await plugin.sendLog.send('payment_received', ingestUrl(relay, 'payment_received'), payment(15), { deliver: false });
      await until(() => receiver.requests.length, (count) => count === 2);
      expect(recoveredCount(receiver)).toBe(2);
    } finally {
      await relay.stop();
      await Promise.all([plugin.close(), receiver.close()]);
    }
  });

  it('with two relay processes on PostgreSQL: one repairs at a time, and every lost send arrives exactly once', async () => {
    const schema = newSchemaName('relay_gaps');
    const env = { DATABASE_URL: urlWithSchema(schema), RELAY_API_KEY: 'rk_gap_repair_test_key', RELAY_INGEST_TOKEN: 'it_gap_repair_test_token', RELAY_GAP_REPAIR_GRACE: '0s' };
    const [plugin, receiver] = await Promise.all([startPluginApiDouble(), startReceiver()]);
    const first = await startTestRelay(env);
    const second = await startTestRelay(env);
    try {
      await connect(first, plugin);
      await subscribeToAll(first, receiver);
      const sent: string[] = [];
      for (let index = 0; index < 10; index++) sent.push(await plugin.sendLog.send('payment_received', ingestUrl(first, 'payment_received'), payment(100 + index), { deliver: false }));

      // While another process holds the lease, neither repairs.
      const networkUrl = plugin.url;
      expect(await first.context.store.gapRepair.acquireLease(networkUrl, 'another-process', Date.now(), 60_000)).toBe(true);
      expect(await runPass(first)).toMatchObject({ status: 'busy', recovered: 0 });
      expect(await runPass(second)).toMatchObject({ status: 'busy', recovered: 0 });
      await first.context.store.gapRepair.releaseLease(networkUrl, 'another-process');

      const passes = await Promise.all([runPass(first), runPass(second)]);
      expect(passes.reduce((sum, pass) => sum + pass.recovered, 0)).toBe(10);
      await until(() => receiver.requests.length, (count) => count >= 10);
      expect(await runPass(second)).toMatchObject({ status: 'done', recovered: 0 });
      expect(bodiesOf(receiver)).toEqual([...sent].sort());
      expect(new Set(receiver.requests.map((request) => request.headers['webhook-id'])).size).toBe(10);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
      await Promise.all([plugin.close(), receiver.close(), dropSchema(schema)]);
    }
  });
});
