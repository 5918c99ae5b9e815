/**
 * Every delivery slot held by a receiver that accepts and never answers: ingest, the API, /healthz and SIGTERM
 * must all keep working (the worker once spun on resolved promises and froze the whole process).
 */
import { afterEach, expect, it } from 'vitest';
import { findEventType } from '../../../shared/events/catalog.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { spawnTestRelayProcess, type TestRelayProcess } from '../../support/relayProcess.ts';
import { subscribe } from '../../support/subscribe.ts';

let relay: TestRelayProcess | undefined;
let hanging: Receiver | undefined;
afterEach(async () => {
  await relay?.kill();
  await hanging?.close();
});

const payment = (id: number) => ({ ...findEventType('payment_received')!.sample, payment_id: id, customer_user_email: `c${id}@example.com` });

it('keeps answering, and stops on SIGTERM, while every delivery slot is held by a hanging receiver', async () => {
  hanging = await startReceiver(() => 'hang');
  relay = await spawnTestRelayProcess({ RELAY_DELIVERY_CONCURRENCY: '4', RELAY_REQUEST_TIMEOUT: '120s' });
  await subscribe(relay.api, hanging.url);

  for (let id = 1; id <= 5; id++) expect((await relay.ingest('payment_received', payment(id))).status).toBe(202);
  await hanging.waitFor(4); // all four slots now held
  // More events while full, then the process must still answer at once: no request here may hang.
  for (let id = 6; id <= 8; id++) expect((await relay.ingest('payment_received', payment(id))).status).toBe(202);
  const health = await fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
  expect(health.status).toBe(200);
  const listed = await (await relay.api('/v1/events?limit=100', { signal: AbortSignal.timeout(10_000) })).json();
  expect(listed.data).toHaveLength(8);
  expect(hanging.requests).toHaveLength(4); // the worker did not exceed its slots either

  const exited = new Promise<number | null>((resolve) => relay!.child.once('exit', (code) => resolve(code)));
  relay.child.kill('SIGTERM');
  expect(await exited).toBe(0);
});
