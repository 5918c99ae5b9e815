/** The records the relay keeps, as every storage backend returns them. Times are epoch milliseconds. */
import type { RateLimitSetting } from './webhookPace.ts';

export type Integration = string; // 'manual', 'zapier', … free text like the plugin's

export interface Webhook {
  id: string;
  name: string;
  url: string;
  /** The event slugs it is subscribed to (at least one), or just `*` for every event. */
  events: string[];
  integration: Integration;
  active: boolean;
  /** Why the relay turned it off (410 Gone, failing for days); null when a person did or it is active. */
  disabledReason: string | null;
  secret: string;
  /** The secret being rotated out, still signing until previousSecretExpiresAt. */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  deliveriesSucceeded: number;
  deliveriesFailed: number;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  /** Start of the current run of failures with no success in between; null when the last attempt succeeded. */
  failingSince: number | null;
  /** The rate it is sent at (webhookPace.ts): null for the default. */
  rateLimit: RateLimitSetting;
  createdAt: number;
  updatedAt: number;
}

export interface NewWebhook {
  id: string;
  name: string;
  url: string;
  events: string[];
  integration: Integration;
  active: boolean;
  secret: string;
  rateLimit?: RateLimitSetting;
  createdAt: number;
}

export interface WebhookPatch {
  name?: string;
  url?: string;
  events?: string[];
  active?: boolean;
  integration?: Integration;
  disabledReason?: string | null;
  secret?: string;
  previousSecret?: string | null;
  previousSecretExpiresAt?: number | null;
  rateLimit?: RateLimitSetting;
}

export interface WebhookFilter {
  /** Webhooks subscribed to this slug (among others), or to `*` when the slug is `*`. */
  event?: string;
  url?: string;
  integration?: string;
  active?: boolean;
}

/** `recovered`: not received, ingested by gap repair from the plugin's own send log (the same body). */
/** relay: the relay's own events about its webhooks (relay_webhook_failing, relay_webhook_disabled). */
export type EventSource = 'ingest' | 'api' | 'test' | 'recovered' | 'relay';

export interface RelayEvent {
  id: string;
  event: string;
  /** The exact body the host sent (for the API, the payload's bytes as sent): what subscribers receive. */
  body: string;
  /** True for the plugin's own "Send Test Event" sample and for the relay's Send Test Event: never fanned out. */
  isTest: boolean;
  source: EventSource;
  idempotencyKey: string | null;
  receivedAt: number;
}

/** An event to store is exactly the event as stored: the relay assigns its id and time before insertEvent. */
export type NewEvent = RelayEvent;

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  eventId: string;
  webhookId: string;
  event: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface DeliveryFilter {
  webhookId?: string;
  eventId?: string;
  status?: DeliveryStatus;
  /** Deliveries of this event type. */
  event?: string;
  /** Deliveries created at or after this moment. */
  createdSince?: number;
}

export type AttemptTrigger = 'scheduled' | 'manual' | 'test';

/**
 * Why a claimed delivery is being attempted. 'manual-pending' is a manual retry of a delivery that still had
 * automatic retries: recorded as manual, but its schedule goes on if it fails.
 */
export type QueuedTrigger = AttemptTrigger | 'manual-pending';

export const recordedTrigger = (trigger: QueuedTrigger): AttemptTrigger => (trigger === 'manual-pending' ? 'manual' : trigger);

export interface DeliveryAttempt {
  id: string;
  deliveryId: string;
  webhookId: string;
  eventId: string;
  attemptNumber: number;
  trigger: AttemptTrigger;
  startedAt: number;
  durationMs: number;
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  /** At most 16 KiB of the response body. */
  responseExcerpt: string | null;
}

/** A delivery a worker holds under lease, with what it needs to send it. */
export interface ClaimedDelivery {
  delivery: Delivery;
  webhook: Webhook;
  body: string;
  trigger: QueuedTrigger;
  /** A paced webhook's reserved send slot: not to be sent before. */
  sendAt?: number;
  /** The event was recovered from the plugin's send log (delivered with `x-um-recovered: true`). */
  recovered: boolean;
}

/** What a finished attempt did to its delivery and webhook. */
export interface AttemptOutcome {
  attempt: DeliveryAttempt;
  /** Final state: succeeded, retry at nextAttemptAt (pending), or failed for good. */
  status: DeliveryStatus;
  nextAttemptAt: number | null;
  /** Set when the webhook must be turned off (410 Gone, failing too long): cancels its pending deliveries. */
  disableWebhookReason: string | null;
  /**
   * Set when the receiver asked to slow down (429, or 503 with Retry-After): the attempt is logged but not counted,
   * the delivery keeps its place and state, and the webhook's budget sends nothing before this time.
   */
  pausedUntil?: number;
}

export interface Page<T> {
  items: T[];
  /** Pass as `before` to get the next (older) page; null at the end. */
  nextCursor: string | null;
}

/** A request bin of the built-in request inspector: a URL on the relay that records what it receives. */
export interface InspectorBin {
  id: string;
  name: string;
  createdAt: number;
}

export interface InspectedRequest {
  id: string;
  binId: string;
  method: string;
  /** Path and query as received. */
  path: string;
  headers: Record<string, string>;
  body: string;
  receivedAt: number;
}

/** One webhook's recent activity, as the webhooks table shows it. */
export interface WebhookActivity {
  webhookId: string;
  /** Attempts since the moment asked for, Send Test Event apart: they say nothing about the webhook's health. */
  succeeded: number;
  failed: number;
  /** Send Test Event attempts since then, and how many the receiver accepted. */
  tests: number;
  testsSucceeded: number;
  /** Deliveries waiting, and of those the ones already attempted at least once (retries). */
  pending: number;
  retrying: number;
  /** The latest attempt of any kind, tests included (what the test dialog just showed). */
  lastAttempt: { at: number; ok: boolean; statusCode: number | null; trigger: AttemptTrigger } | null;
}

/** The relay's state in a few numbers (the web page's health strip). */
export interface RelayHealth {
  /** Real (not test) events received since the moment asked for. */
  events: number;
  /** Attempts since then, tests apart, and how many failed. */
  attempts: number;
  failedAttempts: number;
  /** Deliveries pending, and when the oldest of them was created. */
  pending: number;
  oldestPendingAt: number | null;
}

export interface ListOptions {
  limit: number;
  /** Cursor from a previous page. */
  before?: string;
}
