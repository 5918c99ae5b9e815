/**
 * The storage interface: settings, webhooks, events and deliveries here, and by concern the parts beside them (the
 * delivery queue, the reports, the network connection, gap repair, the inspector). Every backend (embedded SQLite,
 * PostgreSQL) implements each and passes its behavioural suite (test/relay/store/*Contract.ts); nothing else in the
 * relay knows which one runs.
 */
import type { DeliveryQueue } from './deliveryQueue.ts';
import type { GapRepairStore } from './gapRepairStore.ts';
import type { NetworkStore } from './networkStore.ts';
import type {
  Delivery, DeliveryAttempt, DeliveryFilter, DeliveryStatus, NewEvent, ListOptions, NewWebhook, Page, RelayEvent, Webhook, WebhookFilter, WebhookPatch,
} from './types.ts';
import type { InspectorStore } from './inspectorStore.ts';
import type { StoreReports } from './storeReports.ts';

export type { ListOptions } from './types.ts';

/** `test` true or false lists only test or only real events; without it, `includeTests` adds tests to the real ones. */
export interface EventFilter {
  event?: string;
  includeTests?: boolean;
  test?: boolean;
}

export interface Store {
  readonly kind: 'sqlite' | 'postgres';
  /** The connection to an Ultimate Multisite network, in the same database. */
  readonly network: NetworkStore;
  /** Gap repair's position in the plugin's send log, its lease and its ledger, in the same database. */
  readonly gapRepair: GapRepairStore;
  /** The delivery queue: claims under lease, attempts recorded, leases given back, requeues, the next due time. */
  readonly queue: DeliveryQueue;
  /** The figures read across the tables: per-webhook activity, the health strip, totals, what /metrics reports. */
  readonly reports: StoreReports;

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

  /** The request inspector's bins and requests (a store of its own). */
  readonly inspector: InspectorStore;

  /**
   * Retention: deletes up to `limit` events received before `cutoff` that have nothing pending, with their
   * deliveries and attempts, and inspected requests older than `cutoff`. Returns how many events went.
   */
  pruneBefore(cutoff: number, limit: number): Promise<number>;

  /** Deletes the signed-out sessions (revokedSessions.ts) whose cookie has expired by `nowSeconds`; returns how many. */
  pruneRevokedSessions(nowSeconds: number): Promise<number>;

  /** Calls `listener` with the number of writes (SQLite) or ingests (PostgreSQL) each group commit carried. */
  observeCommitBatches(listener: (size: number) => void): void;
}
