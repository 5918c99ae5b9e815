/** Stores one event from the host, durably, and wakes the worker. Both ingest routes end here. */
import { isPluginSamplePayload } from '../../../shared/events/pluginSample.ts';
import { newId } from '../store/ids.ts';
import { isStoreUnavailable } from '../store/storeUnavailable.ts';
import type { EventSource } from '../store/types.ts';
import type { RelayContext } from '../relayContext.ts';

export interface IngestInput {
  event: string;
  payload: Record<string, unknown>;
  /** The exact body to deliver. */
  body: string;
  source: EventSource;
  idempotencyKey: string | null;
}

export async function ingestEvent(relay: RelayContext, input: IngestInput) {
  const isTest = isPluginSamplePayload(input.event, input.payload);
  // Sent by the plugin after gap repair already recovered it from its send log: the same event, not a second one.
  const recoveredAs = input.source === 'ingest' ? await relay.lateOriginals.claim(input.event, input.body) : null;
  if (recoveredAs !== null) {
    relay.metrics.logEntryDecided('late_original');
    relay.activity.info('late original of a recovered event', { id: recoveredAs, event: input.event }, 'event');
    return { ok: true as const, id: recoveredAs, event: input.event, test: isTest, duplicate: true, deliveries: 0 };
  }
  const bytes = Buffer.byteLength(input.body);
  const result = await relay.store.insertEvent({
    id: newId('evt'),
    event: input.event,
    body: input.body,
    isTest,
    source: input.source,
    idempotencyKey: input.idempotencyKey,
    receivedAt: relay.now(),
  }).catch((error: unknown) => {
    if (isStoreUnavailable(error)) relay.health.writeRefused(bytes);
    throw error;
  });
  relay.health.writeAccepted(bytes);
  if (result.created && result.deliveries > 0) relay.notifyWorker();
  if (result.created) {
    relay.metrics.eventReceived(result.event.event, input.source);
    relay.activity.info('event received', {
      id: result.event.id, event: result.event.event, source: input.source, test: result.event.isTest, deliveries: result.deliveries,
    }, 'event');
  }
  return {
    ok: true as const,
    id: result.event.id,
    event: result.event.event,
    test: result.event.isTest,
    duplicate: !result.created,
    deliveries: result.deliveries,
  };
}
