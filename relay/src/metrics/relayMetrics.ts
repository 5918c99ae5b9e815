/**
 * The relay's Prometheus metrics (prom-client, one registry per relay so several relays in one test process do
 * not mix). Counters and histograms are recorded where things happen on the main thread (ingest, the delivery
 * worker's completion — the sender thread only moves bytes); queue and webhook gauges are read from the store
 * at scrape time, so they are right for every process sharing the database.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Store } from '../store/store.ts';

/** slowed_down: the receiver asked to slow down (429, 503 with Retry-After); not counted as an attempt of the delivery. */
export type AttemptOutcomeLabel = 'succeeded' | 'retrying' | 'failed' | 'cancelled' | 'slowed_down';

/** 2xx…5xx, or "none" when no response came (timeout, refused, SSRF refusal). */
export const statusClass = (statusCode: number | null): string => (statusCode === null ? 'none' : `${Math.floor(statusCode / 100)}xx`);

export class RelayMetrics {
  readonly registry = new Registry();
  private readonly eventsReceived: Counter<'event' | 'source'>;
  private readonly attempts: Counter<'outcome' | 'status_class' | 'trigger'>;
  private readonly attemptDuration: Histogram<'outcome'>;
  private readonly ingestToFirstAttempt: Histogram;
  private readonly commitBatchSize: Histogram;
  private readonly webhooksDisabled: Counter<'reason'>;
  private readonly webhooksFailing: Counter;
  private readonly logEntries: Counter<'outcome'>;
  private readonly networkActions: Counter<'route' | 'outcome'>;

  constructor(options: { store: Store; now?: () => number; processFigures?: boolean }) {
    const { store } = options;
    const now = options.now ?? Date.now;
    const registers = [this.registry];
    this.eventsReceived = new Counter({
      name: 'relay_events_received_total', help: 'Events stored, by event slug and source (ingest, api, test, recovered).',
      labelNames: ['event', 'source'], registers,
    });
    this.attempts = new Counter({
      name: 'relay_delivery_attempts_total', help: 'Delivery attempts, by what became of the delivery and the HTTP status class (none: no response).',
      labelNames: ['outcome', 'status_class', 'trigger'], registers,
    });
    this.attemptDuration = new Histogram({
      name: 'relay_delivery_attempt_duration_seconds', help: 'Duration of delivery attempts, request to response (or error).',
      labelNames: ['outcome'], buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30], registers,
    });
    this.ingestToFirstAttempt = new Histogram({
      name: 'relay_ingest_to_first_attempt_seconds', help: 'From an event being stored to the first attempt of each of its deliveries starting.',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60], registers,
    });
    this.commitBatchSize = new Histogram({
      name: 'relay_group_commit_batch_size', help: 'Writes per group commit (SQLite: every write; PostgreSQL: ingests per batch).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512], registers,
    });
    this.webhooksDisabled = new Counter({
      name: 'relay_webhooks_disabled_total', help: 'Webhooks disabled by the relay (410 Gone, or failing too long).',
      labelNames: ['reason'], registers,
    });

    this.webhooksFailing = new Counter({
      name: 'relay_webhooks_failing_total', help: 'Webhooks announced as failing: no success for RELAY_WARN_AFTER_FAILING (once per run of failures).',
      registers,
    });
    this.logEntries = new Counter({
      name: 'relay_plugin_log_entries_total',
      help: "Gap repair: sends in the plugin's send log to this relay, by outcome (received, recovered, unrecoverable), and originals that arrived after their recovery (late_original, dropped as duplicates).",
      labelNames: ['outcome'], registers,
    });

    this.networkActions = new Counter({
      name: 'relay_network_actions_total',
      help: 'Requests to the network actions (/v1/network/customers, …), by route and outcome: ok, throttled (429: over RELAY_NETWORK_CALLS_PER_MINUTE, the network never saw it), refused (4xx: a field, a record the network does not have, no connection), failed (5xx: the network unreachable or too slow).',
      labelNames: ['route', 'outcome'], registers,
    });

    // One store query per scrape feeds all the queue and webhook gauges.
    let figures: Promise<Awaited<ReturnType<Store['reports']['operationalStats']>>> | null = null;
    const read = () => (figures ??= store.reports.operationalStats(now()).finally(() => setImmediate(() => (figures = null))));
    new Gauge({
      name: 'relay_deliveries_pending', help: 'Deliveries waiting for an attempt (due now or scheduled for a retry).', registers,
      async collect() {
        this.set((await read()).pendingDeliveries);
      },
    });
    new Gauge({
      name: 'relay_deliveries_oldest_due_age_seconds', help: 'How long the longest-waiting due delivery has been due (0 when none is due): the backlog age.', registers,
      async collect() {
        const { oldestDueAt } = await read();
        this.set(oldestDueAt === null ? 0 : Math.max(0, (now() - oldestDueAt) / 1000));
      },
    });
    new Gauge({
      name: 'relay_webhooks', help: 'Webhooks by state: active (last attempt fine), failing (active, failing since its last success), disabled.',
      labelNames: ['state'], registers,
      async collect() {
        const { webhooks } = await read();
        for (const state of ['active', 'failing', 'disabled'] as const) this.set({ state }, webhooks[state]);
      },
    });
    store.observeCommitBatches((size) => this.commitBatchSize.observe(size));
    if (options.processFigures ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'relay_' });
  }

  eventReceived(event: string, source: string): void {
    this.eventsReceived.inc({ event, source });
  }

  attemptFinished(input: { outcome: AttemptOutcomeLabel; statusCode: number | null; trigger: string; durationMs: number }): void {
    this.attempts.inc({ outcome: input.outcome, status_class: statusClass(input.statusCode), trigger: input.trigger });
    this.attemptDuration.observe({ outcome: input.outcome }, input.durationMs / 1000);
  }

  firstAttemptStarted(waitedMs: number): void {
    this.ingestToFirstAttempt.observe(Math.max(0, waitedMs) / 1000);
  }

  /** `cause`: gone (the receiver answered 410) or failing (no success for RELAY_DISABLE_AFTER_FAILING). */
  webhookDisabled(cause: 'gone' | 'failing'): void {
    this.webhooksDisabled.inc({ reason: cause });
  }

  webhookFailing(): void {
    this.webhooksFailing.inc();
  }

  logEntryDecided(outcome: 'received' | 'recovered' | 'unrecoverable' | 'late_original'): void {
    this.logEntries.inc({ outcome });
  }

  /** `route`: the API route's pattern, e.g. "GET /v1/network/customers/:id". */
  networkActionAnswered(route: string, status: number): void {
    const outcome = status < 400 ? 'ok' : status === 429 ? 'throttled' : status < 500 ? 'refused' : 'failed';
    this.networkActions.inc({ route, outcome });
  }

  /** The text exposition format. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
