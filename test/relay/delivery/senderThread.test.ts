/** The sender thread dying (a crash in the HTTP client, an out-of-memory) is not the end of deliveries: it restarts. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ThreadedHttpClient } from '../../../relay/src/delivery/threadedHttpClient.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';
import { subscribe } from '../../support/subscribe.ts';
import { until } from '../../support/until.ts';

let relay: TestRelay;
let receiver: Receiver;
beforeAll(async () => {
  [relay, receiver] = await Promise.all([startTestRelay({ RELAY_SENDER_THREAD: '1' }), startReceiver()]);
});
afterAll(async () => {
  await relay.stop();
  await receiver.close();
});

it('starts the sender thread again after it dies, and delivers through the new one', async () => {
  const client = relay.context.client;
  expect(client).toBeInstanceOf(ThreadedHttpClient);
  const sender = client as ThreadedHttpClient;
  await subscribe(relay.api, receiver.url);
  const firstThread = sender.threadId;

  await sender.terminateThread();
  const health = async () => (await (await fetch(`${relay.url}/healthz`)).json()).checks.sender_thread;
  await until(() => sender.restarts, (restarts) => restarts > 0);
  expect(sender.threadId).not.toBe(firstThread);
  expect(await health()).toEqual({ ok: true, restarts: 1 });
  expect(relay.logs.some((line) => line.includes('sender thread stopped; starting it again'))).toBe(true);

  await relay.ingest('payment_received', { payment_id: 1 });
  const [delivered] = await receiver.waitFor(1);
  expect(delivered.headers['x-um-event']).toBe('payment_received');
});

it('starts the thread when a webhook is subscribed, or at start when one is, not with the first event; a relay without subscribers keeps its memory', async () => {
  const fresh = await startTestRelay({ RELAY_SENDER_THREAD: '1' });
  let restarted: TestRelay | null = null;
  try {
    const sender = () => (restarted ?? fresh).context.client as ThreadedHttpClient;
    expect(sender().started).toBe(false);
    await subscribe(fresh.api, receiver.url);
    expect(sender().started).toBe(true);

    await fresh.stop();
    restarted = await startTestRelay({ RELAY_SENDER_THREAD: '1' }, { dataDir: fresh.dataDir });
    expect(sender().started).toBe(true);
  } finally {
    await (restarted ?? fresh).stop();
  }
});
