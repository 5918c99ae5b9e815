/** The CLI against a running relay: the walkthrough's commands, tables and --json, and managing webhooks. */
import { describe, expect, it } from 'vitest';
import { runRelayCli } from '../../support/relayCli.ts';
import { startReceiver } from '../../support/receiver.ts';
import { relayAndReceiverForSuite } from '../../support/testRelay.ts';
import { until } from '../../support/until.ts';

const suite = relayAndReceiverForSuite();

const env = () => ({ RELAY_URL: suite.relay.url, RELAY_API_KEY: suite.relay.keys.apiKey, RELAY_INGEST_TOKEN: suite.relay.keys.ingestToken, RELAY_DATA_DIR: suite.relay.dataDir });
const cli = async (...args: string[]) => {
  const run = await runRelayCli(args, env());
  if (run.code !== 0) throw Object.assign(new Error(`relay ${args.join(' ')} exited ${run.code}: ${run.stderr}`), run);
  return run.stdout;
};
const json = async <T = Record<string, unknown>>(...args: string[]) => JSON.parse(await cli(...args, '--json')) as T;

// Each test spawns a dozen CLI processes (about 1.5 s each alone): on a loaded 2-core machine they need more than the default 60 s.
describe('CLI', { timeout: 120_000 }, () => {
  it('adds, lists, tests, emits to, shows deliveries of and deletes a webhook', async () => {
    const added = await json<{ id: string; secret: string; name: string }>('webhooks', 'add', '--name', 'From CLI', '--url', suite.receiver.url, '--event', 'payment_received');
    expect(added).toMatchObject({ name: 'From CLI', secret: expect.stringMatching(/^whsec_/) });
    const table = await cli('webhooks', 'list');
    expect(table.split('\n')[0]).toMatch(/^ID\s+NAME\s+EVENT\s+STATE\s+DELIVERED\s+GAVE UP\s+LAST SUCCESS\s+LAST FAILURE\s+URL$/);
    expect(table).toMatch(new RegExp(`${added.id}\\s+From CLI\\s+payment_received\\s+active\\s+0\\s+0\\s+never\\s+never\\s+`));
    expect(await cli('webhooks', 'test', added.id)).toMatch(/^delivered: HTTP 200 in \d+ ms/);

    const emitted = await json<{ id: string }>('emit', 'payment_received', '--sample');
    expect(emitted).toMatchObject({ ok: true, test: false, deliveries: 1 });
    const requests = await suite.receiver.waitFor(2);
    expect(requests[1].headers['webhook-id']).toBe(emitted.id);
    expect(await json('emit', 'payment_received', '--plugin-test')).toMatchObject({ test: true, deliveries: 0 });
    expect(await cli('emit', 'site_published', '--api', '--data', '{"site_id": 5}', '--id', 'site-5')).toMatch(/^evt_\S+\s+site_published: stored, 0 deliveries queued/);

    // Both deliveries recorded (the emitted one and the test) before reading the log.
    const log = await until(() => cli('deliveries', added.id), (text) => /succeeded\s+1 delivered\s/.test(text) && /succeeded\s+1 delivered \(Send Test Event\)/.test(text));
    expect(log.split('\n')[0]).toMatch(/^DELIVERY\s+EVENT\s+EVENT ID\s+STATUS\s+ATTEMPT\s+WHEN\s+HTTP\s+TOOK\s+ERROR \/ NEXT$/);
    expect(log).toMatch(new RegExp(`${emitted.id}\\s+succeeded\\s+1 delivered\\s+(just now|\\d+ (s|min) ago)\\s+200`));
    expect(log).toMatch(/succeeded\s+1 delivered \(Send Test Event\)\s+(just now|\d+ (s|min) ago)\s+200/);
    expect(await json<unknown[]>('deliveries', added.id)).toHaveLength(2);
    expect(await cli('webhooks', 'delete', added.id)).toContain(`deleted ${added.id}`);
  });

  it('subscribes one webhook to several events with --event a,b and lists them all', async () => {
    const added = await json<{ id: string; events: string[] }>('webhooks', 'add', '--name', 'Several', '--url', suite.receiver.url, '--event', 'site_published,domain_created');
    expect(added.events).toEqual(['site_published', 'domain_created']);
    expect(await cli('webhooks', 'show', added.id)).toMatch(/^events\s+site_published, domain_created$/m);
    expect(await cli('webhooks', 'list')).toMatch(new RegExp(`${added.id}\\s+Several\\s+site_published, domain_created\\s+`));
    const edited = await json<{ events: string[] }>('webhooks', 'edit', added.id, '--event', 'payment_received');
    expect(edited.events).toEqual(['payment_received']);
    await cli('webhooks', 'delete', added.id);
  });

  it('edits, disables, enables, rotates the secret of and redelivers a webhook', async () => {
    const added = await json<{ id: string; secret: string }>('webhooks', 'add', '--name', 'Managed', '--url', suite.receiver.url, '--event', 'site_published');
    const edited = await json('webhooks', 'edit', added.id, '--name', 'Renamed', '--event', 'payment_received');
    expect(edited).toMatchObject({ name: 'Renamed', event: 'payment_received' });
    expect(await cli('webhooks', 'disable', added.id)).toBe(`${added.id} (Renamed) disabled\n`);
    expect((await json('webhooks', 'show', added.id)).active).toBe(false);
    expect(await cli('webhooks', 'show', added.id)).toMatch(/^state\s+disabled$/m);
    expect(await cli('webhooks', 'enable', added.id)).toBe(`${added.id} (Renamed) enabled\n`);

    const rotated = await cli('webhooks', 'rotate-secret', added.id);
    const newSecret = /^new secret: (whsec_\S+)$/m.exec(rotated)?.[1];
    expect(newSecret).toBeDefined();
    expect(newSecret).not.toBe(added.secret);
    expect(rotated).toMatch(/the old secret keeps signing until \S+ \(in 2[34] h\)/);

    // A failed delivery, then redelivered from the CLI.
    suite.receiver.respond(() => ({ status: 500 }));
    const before = suite.receiver.requests.length;
    const event = await json<{ id: string }>('emit', 'payment_received', '--sample');
    await suite.receiver.waitFor(before + 4, 10_000); // the test relay's 4 attempts
    await expect.poll(async () => (await json<{ status: string }[]>('deliveries', added.id, '--status', 'failed')).length, { timeout: 10_000 }).toBe(1);
    // Failing since the first refusal, one delivery given up, and when the receiver last refused.
    expect(await cli('webhooks', 'list')).toMatch(new RegExp(`${added.id}\\s+Renamed\\s+payment_received\\s+failing since \\S+( \\S+)?\\s+\\d+\\s+1\\s+\\S+( \\S+)?( ago)?\\s+(just now|\\d+ (s|min) ago)\\s+http`));
    suite.receiver.respond(() => ({ status: 200 }));
    expect(await cli('webhooks', 'redeliver', added.id, '--since', '1h')).toMatch(/^1 delivery queued again/);
    const redelivered = await suite.receiver.waitFor(before + 5, 10_000);
    expect(redelivered[before + 4].headers['webhook-id']).toBe(event.id);
    await cli('webhooks', 'delete', added.id);
  });

  it('webhooks test exits 1 when the receiver fails, with the reason', async () => {
    const failing = await startReceiver(() => ({ status: 503, body: 'down for maintenance' }));
    try {
      const added = await json<{ id: string }>('webhooks', 'add', '--name', 'Failing', '--url', failing.url, '--event', 'payment_received');
      const run = await runRelayCli(['webhooks', 'test', added.id], env());
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^failed: HTTP 503 after \d+ ms\nresponse: down for maintenance/);
      await cli('webhooks', 'delete', added.id);
    } finally {
      await failing.close();
    }
  });

  it('sets, shows and changes a rate limit with --rate-limit', async () => {
    const added = await json<{ id: string; rate_limit: unknown }>('webhooks', 'add', '--name', 'Paced', '--url', suite.receiver.url, '--event', 'payment_received', '--rate-limit', '30/s,10000/5m');
    expect(added.rate_limit).toEqual({ per_second: 30, per_window: 10_000, window: '5m' });
    expect(await cli('webhooks', 'show', added.id)).toMatch(/^rate limit\s+30\/s, 10000\/5m$/m);
    expect((await json<{ rate_limit: unknown }>('webhooks', 'edit', added.id, '--rate-limit', '100/1h')).rate_limit).toEqual({ per_second: null, per_window: 100, window: '1h' });
    expect(await json('webhooks', 'edit', added.id, '--rate-limit', 'none')).toMatchObject({ rate_limit: null, rate_limit_source: 'none' });
    const refused = await runRelayCli(['webhooks', 'edit', added.id, '--rate-limit', 'fast'], env());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--rate-limit must be like 30/s');
    await cli('webhooks', 'delete', added.id);
  });

  it('enable says what failed while the webhook was off and how to send it again', async () => {
    const gone = await startReceiver(() => ({ status: 410 }));
    try {
      const added = await json<{ id: string }>('webhooks', 'add', '--name', 'Gone Zap', '--url', gone.url, '--event', 'membership_expired');
      await json('emit', 'membership_expired', '--sample');
      await until(() => json<{ active: boolean }>('webhooks', 'show', added.id), (hook) => hook.active === false);
      const enabled = await cli('webhooks', 'enable', added.id);
      expect(enabled).toMatch(/1 delivery failed while it was failing or off/);
      const since = new RegExp(`relay webhooks redeliver ${added.id} --since (\\S+)`).exec(enabled)?.[1];
      expect(since && !Number.isNaN(Date.parse(since))).toBe(true);
      await cli('webhooks', 'delete', added.id);
    } finally {
      await gone.close();
    }
  });

  it('a mistyped option creates nothing (--actve false used to create an active webhook)', async () => {
    const before = await json<unknown[]>('webhooks', 'list');
    const run = await runRelayCli(['webhooks', 'add', '--name', 'Typo', '--url', suite.receiver.url, '--event', 'payment_received', '--actve', 'false'], env());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown option --actve (did you mean "--active"?)');
    expect(await json<unknown[]>('webhooks', 'list')).toHaveLength(before.length);
    const inactive = await json<{ id: string; active: boolean }>('webhooks', 'add', '--name', 'Off', '--url', suite.receiver.url, '--event', 'payment_received', '--active', 'false');
    expect(inactive.active).toBe(false);
    await cli('webhooks', 'delete', inactive.id);
  });

  it('emit --sample --to <webhook id>: the sample to that webhook only; without --to, to every subscriber, and said so', async () => {
    const receiver = await startReceiver();
    try {
      const sheet = await json<{ id: string }>('webhooks', 'add', '--name', 'Sheet', '--url', `${receiver.url}?sheet`, '--event', 'payment_received');
      const crm = await json<{ id: string }>('webhooks', 'add', '--name', 'CRM', '--url', `${receiver.url}?crm`, '--event', 'payment_received');
      const sent = await runRelayCli(['emit', 'payment_received', '--sample', '--to', crm.id], env());
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(new RegExp(`^payment_received sample sent to ${crm.id} only: delivered, HTTP 200 in \\d+ ms \\(recorded as a test event\\)`));
      // Sent synchronously, as a test event (never fanned out): the CRM has it, the sheet has nothing queued.
      const [request] = await receiver.waitFor(1);
      expect(request.path).toContain('?crm');
      const sheetLog = await json<unknown[]>('deliveries', sheet.id);
      expect(sheetLog).toEqual([]);
      expect(await json<unknown[]>('deliveries', crm.id)).toMatchObject([{ attempt_log: [{ trigger: 'test' }] }]);
      // Without --to, fanned out to both, and said so.
      const everyone = await runRelayCli(['emit', 'payment_received', '--sample'], env());
      expect(everyone.stdout).toMatch(/payment_received: stored, \d+ deliveries queued/);
      expect(everyone.stderr).toContain('note: a made-up sample went to every webhook subscribed to payment_received; --to <webhook id> sends it to one only');
      for (const id of [sheet.id, crm.id]) await cli('webhooks', 'delete', id);
    } finally {
      await receiver.close();
    }
  });

  it('emit refuses a mistyped event with the one meant, --to without --sample, and takes an add-on event with --custom', async () => {
    const typo = await runRelayCli(['emit', 'payment_recieved', '--data', '{"payment_id": 1}'], env());
    expect(typo).toMatchObject({ code: 2, stderr: expect.stringContaining('error: unknown event "payment_recieved" (did you mean payment_received?)') });
    const onlyWithSample = await runRelayCli(['emit', 'payment_received', '--data', '{}', '--to', 'wh_x'], env());
    expect(onlyWithSample).toMatchObject({ code: 2, stderr: expect.stringContaining('--to sends the sample to one webhook: give it with --sample') });
    const addOn = await runRelayCli(['emit', 'affiliate_payout', '--data', '{"amount": 5}', '--custom'], env());
    expect(addOn.code, addOn.stderr).toBe(0);
  });

  it("explains the relay's refusals in one line with a non-zero exit", async () => {
    const refused = await runRelayCli(['webhooks', 'add', '--name', 'x', '--url', 'ftp://nope', '--event', 'payment_received'], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^relay: .*\nerror: POST \/v1\/webhooks → 400: name: must be at least 2 characters/);
    const notInCatalog = await runRelayCli(['emit', 'affiliate_signup', '--sample'], env());
    expect(notInCatalog).toMatchObject({ code: 2, stderr: expect.stringMatching(/not in the catalog/) });
    const wrongKey = await runRelayCli(['webhooks', 'list'], { ...env(), RELAY_API_KEY: 'rk_not_the_right_key_at_all' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain(`error: the relay at ${suite.relay.url} refused the API key (401): set RELAY_API_KEY to the key it was started with`);
  });
});
