/**
 * The figures read across the store's tables (`store.reports`): per-webhook activity, the relay's health strip,
 * totals, and what /metrics reports. Every backend implements it and passes test/relay/store/reportsContract.ts.
 */
import type { RelayHealth, WebhookActivity } from './types.ts';

export interface OperationalStats {
  pendingDeliveries: number;
  /** next_attempt_at of the longest-waiting delivery that is due now; null when none is due. */
  oldestDueAt: number | null;
  /** Active with no failure since the last success; active but failing; disabled. */
  webhooks: { active: number; failing: number; disabled: number };
}

export interface StoreReports {
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
}
