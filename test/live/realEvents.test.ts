/**
 * Every event the live plugin posts from its own code path (um.sh flow …), through a connected relay to a Zap's
 * hook (subscribed as Zapier subscribes), signed, and turned by the trigger's perform into one item whose fields
 * are filled from what the network sent. The two events no flow raises (invoice_sent, payment_failed) come from
 * the plugin's own sample (um.sh fire): the relay records them as tests and fans nothing out.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authDataFor, hookBundle, operationOf, run, type Item } from '../connector/support/zapier.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { until } from '../support/until.ts';
import { connectLive, describeLive, disconnectLive, fire, flow, startLiveRelay, type LiveRelay } from './support/liveNetwork.ts';

/** Flow → the event its code path posts (the network's README), in the order the flows build on each other. */
const flows: [string, string][] = [
  ['payment', 'payment_received'],
  ['site', 'site_published'],
  ['domain', 'domain_created'],
  ['confirm-email', 'confirm_email_address'],
  ['renewal', 'renewal_payment_created'],
  ['expire', 'membership_expired'],
  ['demo', 'demo_site_expiring'],
];

/** Posted events no flow raises on this network. */
const sampleOnly = ['invoice_sent', 'payment_failed'];

/** Fields every item about a customer must carry: who it is about. */
const customerFields = ['customer_id', 'customer_name', 'customer_user_email'];

/** demo_site_expiring nests `customer`, `membership`, `site`: their values under the flat keys other events use. */
function flatPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const flat: Record<string, unknown> = { ...payload };
  for (const [prefix, value] of Object.entries(payload)) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    for (const [key, inner] of Object.entries(value)) if (typeof inner !== 'object') flat[`${prefix}_${key}`] ??= inner;
  }
  return flat;
}

describeLive('real events from a live network to a Zap', () => {
  let relay: LiveRelay;
  let zapHook: Receiver;
  const subscriptions = new Map<string, { id: string; secret: string }>();
  /** The item each event's perform gave (a second perform of the same post is a replay: no item). */
  const items = new Map<string, Item>();

  beforeAll(async () => {
    [relay, zapHook] = await Promise.all([startLiveRelay(), startReceiver()]);
    await connectLive(relay);
    for (const slug of [...flows.map(([, event]) => event), ...sampleOnly]) {
      const subscribeData = await run<{ id: string; secret: string }>(operationOf(slug).performSubscribe, { authData: authDataFor(relay), targetUrl: `${zapHook.url}/${slug}`, meta: { zap: { id: slug } } });
      subscriptions.set(slug, subscribeData);
    }
    await flow('customer');
  });
  afterAll(async () => {
    await disconnectLive(relay).catch(() => undefined);
    await relay?.stop();
    await zapHook?.close();
  });

  it.each(flows)('um.sh flow %s: the plugin posts %s, the Zap receives it signed, perform gives one filled item', async (name, slug) => {
    const before = zapHook.requests.length;
    await flow(name);
    const request = await until(() => zapHook.requests.slice(before).find((received) => received.path.endsWith(`/${slug}`)), (found) => found !== undefined, { timeoutMs: 30_000 });
    const event = (await (await relay.api(`/v1/events/${request!.headers['webhook-id']}`)).json()) as { event: string; test: boolean; source: string };
    expect(event).toMatchObject({ event: slug, test: false, source: 'ingest' });

    const performed = await run<Item[]>(operationOf(slug).perform, hookBundle(request!, { authData: authDataFor(relay), subscribeData: subscriptions.get(slug), targetUrl: `${zapHook.url}/${slug}` }));
    expect(performed).toHaveLength(1);
    const item = performed[0];
    items.set(slug, item);
    const outputKeys = (operationOf(slug).outputFields as { key: string }[]).map((field) => field.key);
    expect(Object.keys(item).sort()).toEqual([...outputKeys].sort());
    expect(customerFields.filter((key) => outputKeys.includes(key) && (item[key] === null || item[key] === ''))).toEqual([]);
    // Nothing the network sent is lost: a field left empty was empty in the post too (nested records flattened).
    const sent = flatPayload(JSON.parse(request!.body) as Record<string, unknown>);
    const lost = outputKeys.filter((key) => (item[key] === null || item[key] === '') && sent[key] !== undefined && sent[key] !== null && sent[key] !== '');
    expect(lost).toEqual([]);
  });

  it("Demo Site Expiring names its customer without describing it: the item has the customer's name and e-mail, the membership's code and the admin pages, from what the network's other events said", async () => {
    const item = items.get('demo_site_expiring')!;
    expect(item, 'the demo flow ran first').toBeDefined();
    const payment = JSON.parse(zapHook.requests.find((received) => received.path.endsWith('/payment_received'))!.body) as Record<string, unknown>;
    expect(item).toMatchObject({
      customer_user_email: payment.customer_user_email, customer_name: payment.customer_name, membership_reference_code: payment.membership_reference_code,
      customer_manage_url: payment.customer_manage_url, membership_manage_url: payment.membership_manage_url,
    });
    const empty = (operationOf('demo_site_expiring').outputFields as { key: string }[]).map((field) => field.key).filter((key) => item[key] === null || item[key] === '');
    expect(empty.length, `empty: ${empty.join(', ')}`).toBeLessThan(18);
  });

  it.each(sampleOnly)("um.sh fire %s (the plugin's sample, no real code path on this network): recorded as a test, fanned out to no one", async (slug) => {
    await fire(slug);
    const events = await until(
      async () => ((await (await relay.api(`/v1/events?include_tests=true&event=${slug}`)).json()) as { data: { id: string; test: boolean }[] }).data,
      (list) => list.length > 0,
      { timeoutMs: 30_000 },
    );
    expect(events[0].test).toBe(true);
    expect(((await (await relay.api(`/v1/events/${events[0].id}`)).json()) as { deliveries: unknown[] }).deliveries).toEqual([]);
    expect(zapHook.requests.filter((received) => received.path.endsWith(`/${slug}`))).toEqual([]);
  });
});
