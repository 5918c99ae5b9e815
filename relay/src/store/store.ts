/**
 * The storage interface. Every backend (embedded SQLite, PostgreSQL) implements it and passes the same
 * behavioural suite (test/relay/store/storeContract.ts); nothing else in the relay knows which one runs.
 */
import type { GapRepairStore } from './gapRepairStore.ts';
import type { NetworkStore } from './networkStore.ts';
import type {
  AttemptOutcome, ClaimedDelivery, Delivery, DeliveryAttempt, DeliveryFilter, DeliveryStatus, InspectedRequest, InspectorBin, NewEvent,
  ListOptions, NewWebhook, Page, RelayEvent, RelayHealth, Webhook, WebhookActivity, WebhookFilter, WebhookPatch,
} from './types.ts';
import type { InspectorStore } from './inspectorStore.ts';

export type { ListOptions } from './types.ts';


/** `test` true or false lists only test or only real events; without it, `includeTests` adds tests to the real ones. */
export interface EventFilter {
  event?: string;
  includeTests?: boolean;
  test?: boolean;
}

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

export interface OperationalStats {
  pendingDeliveries: number;
  /** next_attempt_at of the longest-waiting delivery that is due now; null when none is due. */
  oldestDueAt: number | null;
  /** Active with no failure since the last success; active but failing; disabled. */
  webhooks: { active: number; failing: number; disabled: number };
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The connection to an Ultimate Multisite network, in the same database. */
  readonly network: NetworkStore;
  /** Gap repair's position in the plugin's send log, its lease and its ledger, in the same database. */
  readonly gapRepair: GapRepairStore;

  /** Applies pending migrations; safe when several processes start at once. */
  migrate(): Promise<void>;
  /** The highest migration version applied (what `relay migrate` prints). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
  /**
   * Optional: calls `listener` when any process (this one or another on the same database) has committed new
   * due work, so an idle worker wakes at once instead of at its next poll; returns an unsubscribe function.
   * Backends without it (the embedded store, always one process) rely on the in-process notify and polling.
   */
  onNewWork?(listener: () => void): () => void;

  /** A stored setting (generated keys); `initial` is stored and returned if there is none yet. */
  getOrCreateSetting(key: string, initial: string): Promise<{ value: string; created: boolean }>;
  getSetting(key: string): Promise<string | null>;
  /** Creates or replaces a setting (also the health check's write probe). */
  putSetting(key: string, value: string): Promise<void>;

  createWebhook(webhook: NewWebhook): Promise<Webhook>;
  /**
   * Returns the first webhook with the same URL and integration that `isSame` accepts, else creates this one:
   * looked up and created under one lock (across processes on PostgreSQL), so identical subscribes sent at once
   * make one webhook.
   */
  createWebhookUnlessExisting(webhook: NewWebhook, isSame: (candidate: Webhook) => boolean): Promise<{ webhook: Webhook; created: boolean }>;
  getWebhook(id: string): Promise<Webhook | null>;
  listWebhooks(filter: WebhookFilter, options: ListOptions): Promise<Page<Webhook>>;
  updateWebhook(id: string, patch: WebhookPatch, now: number): Promise<Webhook | null>;
  /** Deletes the webhook and cancels its pending deliveries (their log stays). */
  deleteWebhook(id: string, now: number): Promise<boolean>;

  /**
   * Durably stores an event and, unless it is a test, one pending delivery per active webhook subscribed to
   * its type, in one transaction. With an idempotency key already seen, returns the first event instead.
   */
  insertEvent(event: NewEvent): Promise<{ event: RelayEvent; created: boolean; deliveries: number }>;
  getEvent(id: string): Promise<RelayEvent | null>;
  listEvents(filter: EventFilter, options: ListOptions): Promise<Page<RelayEvent>>;
  /** Event slugs seen that the catalog does not know, with when each was first seen. */
  listSeenEventTypes(): Promise<{ slug: string; firstSeenAt: number; lastSeenAt: number; count: number }[]>;

  /** A delivery of an existing event to one webhook, outside fan-out (Send Test Event). */
  insertDelivery(delivery: { id: string; eventId: string; webhookId: string; event: string; createdAt: number; status: DeliveryStatus }): Promise<Delivery>;
  getDelivery(id: string): Promise<Delivery | null>;
  listDeliveries(filter: DeliveryFilter, options: ListOptions): Promise<Page<Delivery>>;
  listAttempts(filter: { deliveryId?: string; webhookId?: string; eventId?: string }, options: ListOptions): Promise<Page<DeliveryAttempt>>;

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
  /** The request inspector's bins and requests (a store of its own). */
  readonly inspector: InspectorStore;

  /**
   * Retention: deletes up to `limit` events received before `cutoff` that have nothing pending, with their
   * deliveries and attempts, and inspected requests older than `cutoff`. Returns how many events went.
   */
  pruneBefore(cutoff: number, limit: number): Promise<number>;

  /** Deletes the signed-out sessions (revokedSessions.ts) whose cookie has expired by `nowSeconds`; returns how many. */
  pruneRevokedSessions(nowSeconds: number): Promise<number>;

  /**
   * The webhooks table at a glance: per webhook with any attempt since `since` or anything pending, its attempts
   * since then (tests apart), what is waiting, and its latest attempt of any kind. A few grouped, indexed queries.
   */
  webhookActivity(since: number): Promise<Map<string, WebhookActivity>>;
  /** The health strip: real events received and attempts made since `since`, the backlog and its oldest delivery. */
  relayHealth(since: number): Promise<RelayHealth>;

  /** Totals, for the bench's reports and the tests (health and metrics read what they need themselves). */
  stats(): Promise<{ events: number; pendingDeliveries: number; webhooks: number }>;
  /** What /metrics reports about the queue and the webhooks, read at scrape time. */
  operationalStats(now: number): Promise<OperationalStats>;
  /** Calls `listener` with the number of writes (SQLite) or ingests (PostgreSQL) each group commit carried. */
  observeCommitBatches(listener: (size: number) => void): void;
}
