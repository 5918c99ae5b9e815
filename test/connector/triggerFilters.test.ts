/** Trigger filters against a real relay: a payment the Zap's filters leave out does not run it (perform gives no item). */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { authDataFor, forgetZapierCache, hookBundle, operationOf, run, type Item } from './support/zapier.ts';

const trigger = operationOf('payment_received');
let relay: TestRelay;
let zapHook: Receiver;
let authData: { relay_url: string; api_key: string };
let subscribeData: unknown;

const payment = (id: number, status: string, products: string) => ({ payment_id: id, payment_status: status, payment_total: '$ 49.00', payment_total_raw: 49, payment_product_names: products, customer_name: 'Jane Cooper' });

beforeAll(async () => {
  relay = await startTestRelay();
  zapHook = await startReceiver();
  authData = authDataFor(relay);
  subscribeData = await run(trigger.performSubscribe, { authData, targetUrl: zapHook.url });
  await relay.ingest('payment_received', payment(1, 'completed', 'Business Plan'));
  await zapHook.waitFor(1);
  await relay.ingest('payment_received', payment(2, 'pending', 'Business Plan'));
  await zapHook.waitFor(2);
  await relay.ingest('payment_received', payment(3, 'completed', 'Starter Plan, Extra Storage'));
  await zapHook.waitFor(3);
});
afterAll(async () => {
  await relay.stop();
  await zapHook.close();
});
afterEach(() => vi.restoreAllMocks());

async function performOn(index: number, inputData: Record<string, unknown>): Promise<{ ids: unknown[]; logged: string }> {
  const request = zapHook.requests.find((candidate) => JSON.parse(candidate.body).payment_id === index)!;
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  forgetZapierCache(); // each call is its own scenario on the same post (else the later ones are replays)
  const items = await run<Item[]>(trigger.perform, hookBundle(request, { authData, subscribeData, inputData }));
  return { ids: items.map((item) => item.payment_id), logged: log.mock.calls.map((call) => call.join(' ')).join('\n') };
}

describe('Payment Received filters', () => {
  it('without filters every payment runs the Zap, whatever its status', async () => {
    for (const id of [1, 2, 3]) expect((await performOn(id, {})).ids).toEqual([id]);
  });

  it('Payment Status = Completed: a pending payment gives no item, with a log line saying why', async () => {
    expect((await performOn(1, { filter_payment_status: ['completed'] })).ids).toEqual([1]);
    const pending = await performOn(2, { filter_payment_status: ['completed'] });
    expect(pending.ids).toEqual([]);
    expect(pending.logged).toMatch(/Skipped event evt_\S+ \(payment_received\): Payment Status is "pending", not "completed"/);
    expect((await performOn(2, { filter_payment_status: ['completed', 'pending'] })).ids).toEqual([2]);
  });

  it('Product Name Contains matches any case, and combines with the status filter', async () => {
    expect((await performOn(3, { filter_product: 'storage' })).ids).toEqual([3]);
    expect((await performOn(1, { filter_product: 'storage' })).ids).toEqual([]);
    expect((await performOn(2, { filter_product: 'business', filter_payment_status: ['completed'] })).ids).toEqual([]);
  });

  it('Test trigger shows only the payments the filters let through, newest first', async () => {
    const items = await run<Item[]>(trigger.performList, { authData, inputData: { filter_payment_status: ['completed'] } });
    expect(items.map((item) => item.payment_id)).toEqual([3, 1]);
  });
});
