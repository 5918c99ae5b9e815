/**
 * The delivery queue (`store.queue`): due deliveries leased to a worker, each attempt recorded with its outcome while
 * the lease holds, leases given back, deliveries requeued by hand, and when the next one is due. Every backend
 * implements it and passes test/relay/store/deliveryQueueContract.ts.
 */
import type { AttemptOutcome, ClaimedDelivery } from './types.ts';

export interface ClaimOptions {
  workerId: string;
  now: number;
  limit: number;
  leaseMs: number;
  /** At most this many deliveries of one webhook per claim. */
  perWebhookLimit: number;
  /** Webhooks already at their in-flight limit in this worker: skip their deliveries. */
  excludeWebhookIds: readonly string[];
}

export interface DeliveryQueue {
  /**
   * Leases due deliveries of active webhooks: pending with next_attempt_at ≤ now, unleased or lease expired. A paced
   * webhook's (webhookPace.ts) come with the send slot each was given (`sendAt`), as many as its budget has before
   * now + paceLookaheadMs; a webhook whose budget a receiver paused gives none until the pause ends.
   */
  claimDueDeliveries(options: ClaimOptions): Promise<ClaimedDelivery[]>;
  /** Records an attempt and applies its outcome, if `workerId` still holds the lease (false when it does not). */
  completeAttempt(deliveryId: string, workerId: string, outcome: AttemptOutcome): Promise<boolean>;
  /** Gives back leases without an attempt (graceful shutdown). */
  releaseLeases(workerId: string, deliveryIds: readonly string[]): Promise<void>;
  /** Records an attempt made outside the queue (Send Test Event), applying its outcome to the delivery. */
  recordDirectAttempt(deliveryId: string, outcome: AttemptOutcome): Promise<void>;

  /**
   * Makes deliveries pending again, due now, their next attempt marked manual: one delivery by id (any
   * finished state), or a webhook's failed and cancelled deliveries last updated since `failedSince`.
   */
  requeueDeliveries(filter: { deliveryId?: string; webhookId?: string; failedSince?: number }, now: number): Promise<number>;
  /** When the next pending delivery becomes claimable (due and not leased), so an idle worker knows when to wake. */
  nextDueAt(): Promise<number | null>;
}
