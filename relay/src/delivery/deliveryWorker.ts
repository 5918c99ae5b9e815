/**
 * The delivery worker: claims due deliveries under lease, sends them concurrently (a per-webhook cap keeps
 * one slow receiver from taking every slot), and records each attempt with its retry decision.
 */
import { hostname } from 'node:os';
import type { Store } from '../store/store.ts';
import type { AttemptOutcome, ClaimedDelivery } from '../store/types.ts';
import type { Logger } from '../logger.ts';
import { attemptOutcome } from './attemptOutcome.ts';
import type { WebhookResponse, WebhookSender } from './httpClient.ts';
import { buildOutgoingRequest } from './outgoingRequest.ts';
import { asksToSlowDown, type RetryPolicy } from './retryPolicy.ts';
import { paceLatenessMs, paceOf } from '../store/webhookPace.ts';

export interface DeliveryWorkerOptions {
  store: Store;
  client: WebhookSender;
  policy: RetryPolicy;
  log: Logger;
  concurrency: number;
  maxInFlightPerWebhook: number;
  leaseMs: number;
  pollIntervalMs: number;
  now?: () => number;
  /** Told of each attempt the store recorded (metrics and the attempt log: see attemptReporter.ts). */
  onAttemptRecorded?: (claimed: ClaimedDelivery, outcome: AttemptOutcome, applied: boolean) => void;
}

export class DeliveryWorker {
  readonly id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly inFlight = new Map<string, ClaimedDelivery>();
  private readonly inFlightPerWebhook = new Map<string, number>();
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private wakeRequested = false;
  /** Webhooks whose last attempt timed out: see slotsFor. */
  private readonly unresponsive = new Set<string>();
  /**
   * Per budget (webhookPace.ts): the pauses a receiver asked for since its last other answer (the backoff's step
   * without Retry-After; answers that arrive while paused, from sends already under way, do not add one) and
   * until when.
   */
  private readonly slowDowns = new Map<string, { count: number; until: number }>();
  /** When the loop last went round (health: a loop that stops turning is a worker that stopped). */
  lastTurnAt = 0;
  private readonly now: () => number;

  private readonly options: DeliveryWorkerOptions;

  constructor(options: DeliveryWorkerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** New work may be due (an event was just stored): look now rather than at the next poll. */
  notify(): void {
    this.wakeRequested = true;
    this.wake?.();
  }

  get pollIntervalMs(): number {
    return this.options.pollIntervalMs;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Stops claiming, waits up to `graceMs` for in-flight attempts, then gives the rest of the leases back. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.notify();
    await this.loopDone;
    const deadline = Date.now() + graceMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await sleep(20);
    await this.options.store.queue.releaseLeases(this.id, [...this.inFlight.keys()]);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      this.lastTurnAt = this.now();
      // Cleared before looking, so a wake-up that arrives while the claim runs is not lost, and one that
      // arrived before it is not taken for new work (with every slot busy, that spun the loop on resolved promises).
      this.wakeRequested = false;
      let moreDue = false;
      try {
        moreDue = await this.claimAndDispatch();
      } catch (error) {
        this.options.log.error('claiming deliveries failed', { error: (error as Error).message });
      }
      if (!this.running) break;
      // A full batch means more may be due: go again, after letting the event loop turn (requests, timers, signals).
      if (moreDue && this.inFlight.size < this.options.concurrency) await yieldToEventLoop();
      else await this.idle();
    }
  }

  /** Claims and starts what is due; true when the claim came back full (more is probably due). */
  private async claimAndDispatch(): Promise<boolean> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return false;
    const limit = Math.min(free, 128);
    const saturated = [...this.inFlightPerWebhook].filter(([id, count]) => count >= this.slotsFor(id)).map(([id]) => id);
    const claimed = await this.options.store.queue.claimDueDeliveries({
      workerId: this.id,
      now: this.now(),
      limit,
      leaseMs: this.options.leaseMs,
      perWebhookLimit: this.options.maxInFlightPerWebhook,
      excludeWebhookIds: saturated,
    });
    const overflow: string[] = [];
    for (const item of claimed) {
      // A paced delivery counts toward its webhook's slots once it is sent, not while it waits for its send slot:
      // sent back now, its reserved slot would go unused.
      if (item.sendAt === undefined) {
        if (!this.takeSlot(item.webhook.id)) {
          overflow.push(item.delivery.id);
          continue;
        }
      }
      this.inFlight.set(item.delivery.id, item);
      void this.deliver(item);
    }
    if (overflow.length) await this.options.store.queue.releaseLeases(this.id, overflow);
    return claimed.length === limit && overflow.length < claimed.length;
  }

  private async idle(): Promise<void> {
    await yieldToEventLoop();
    if (this.wakeRequested || !this.running) return;
    // Sleep until the next delivery falls due, at most a poll interval (other processes add work too). Work
    // that is due but was not claimable (its webhook is at its in-flight limit) waits for a slot to free up,
    // which notifies.
    let delay = this.options.pollIntervalMs;
    if (this.inFlight.size < this.options.concurrency) {
      const due = await this.options.store.queue.nextDueAt().catch(() => null);
      if (due !== null && due > this.now()) delay = Math.min(delay, due - this.now());
    }
    if (this.wakeRequested || !this.running) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(delay, 1));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = null;
  }

  /**
   * In-flight attempts a webhook may hold. A receiver that let an attempt time out gets one slot until it answers
   * again: hanging receivers then hold a slot each instead of filling the worker (every Zap shares one host).
   */
  private slotsFor(webhookId: string): number {
    return this.unresponsive.has(webhookId) ? 1 : this.options.maxInFlightPerWebhook;
  }

  /**
   * Waits for a paced delivery's slot; false when a receiver paused the budget meanwhile (it goes back, its place
   * kept). The request then carries the slot's deadline: sent later than paceLatenessMs after it (a stalled event
   * loop, a queue before the sender thread), it would crowd the slots after it, reserved by this or another process.
   */
  private async awaitSlot(claimed: ClaimedDelivery): Promise<boolean> {
    const key = paceOf(claimed.webhook).key;
    const paused = () => (this.slowDowns.get(key)?.until ?? 0) > this.now();
    if (claimed.sendAt === undefined) return !paused();
    if (claimed.sendAt > this.now()) await sleep(claimed.sendAt - this.now());
    return !paused() && this.running;
  }

  /** The backoff step for a budget's next pause: the pauses before it in a row, the current one not counted again. */
  private slowDownStep(key: string): number {
    const state = this.slowDowns.get(key);
    if (!state) return 0;
    return state.until > this.now() ? state.count - 1 : state.count;
  }

  /** Notes what the answer says about pace: a receiver asking to slow down pauses its budget here at once. */
  private notePace(key: string, outcome: AttemptOutcome, response: WebhookResponse): void {
    const state = this.slowDowns.get(key);
    if (outcome.pausedUntil !== undefined) {
      const ongoing = state !== undefined && state.until > this.now();
      this.slowDowns.set(key, { count: (state?.count ?? 0) + (ongoing ? 0 : 1), until: Math.max(state?.until ?? 0, outcome.pausedUntil) });
    } else if (state && response.statusCode !== null && !asksToSlowDown(response, this.now())) {
      this.slowDowns.delete(key);
    }
  }

  /** Takes one of the webhook's in-flight slots; false when it has none free. */
  private takeSlot(webhookId: string): boolean {
    const count = this.inFlightPerWebhook.get(webhookId) ?? 0;
    if (count >= this.slotsFor(webhookId)) return false;
    this.inFlightPerWebhook.set(webhookId, count + 1);
    return true;
  }

  private releaseSlot(webhookId: string): void {
    const count = (this.inFlightPerWebhook.get(webhookId) ?? 1) - 1;
    if (count <= 0) this.inFlightPerWebhook.delete(webhookId);
    else this.inFlightPerWebhook.set(webhookId, count);
  }

  private async deliver(claimed: ClaimedDelivery): Promise<void> {
    const { delivery, webhook } = claimed;
    let holdsSlot = claimed.sendAt === undefined;
    try {
      if (!(await this.awaitSlot(claimed)) || !(holdsSlot ||= this.takeSlot(webhook.id))) {
        await this.options.store.queue.releaseLeases(this.id, [delivery.id]);
        return;
      }
      const startedAt = this.now();
      const request = buildOutgoingRequest({
        webhook,
        eventId: delivery.eventId,
        eventType: delivery.event,
        deliveryId: delivery.id,
        attemptNumber: delivery.attempts + 1,
        body: claimed.body,
        now: startedAt,
        recovered: claimed.recovered,
      });
      const response = await this.options.client.send(claimed.sendAt === undefined ? request : { ...request, notAfter: claimed.sendAt + paceLatenessMs });
      if (response.notSent) {
        await this.options.store.queue.releaseLeases(this.id, [delivery.id]);
        return;
      }
      if (response.timedOut) this.unresponsive.add(webhook.id);
      else if (response.statusCode !== null) this.unresponsive.delete(webhook.id);
      const budget = paceOf(webhook).key;
      const outcome = attemptOutcome({ claimed, response, startedAt, policy: this.options.policy, now: this.now(), slowDownsInARow: this.slowDownStep(budget) });
      this.notePace(budget, outcome, response);
      const held = await this.options.store.queue.completeAttempt(delivery.id, this.id, outcome);
      if (!held) this.options.log.warn('lease lost before the attempt was recorded; another worker owns the delivery', { delivery: delivery.id });
      // The attempt is in the log either way; only the delivery's state was another worker's to change.
      this.options.onAttemptRecorded?.(claimed, outcome, held);
    } catch (error) {
      // The lease runs out and the delivery is retried: at-least-once holds even if recording failed.
      this.options.log.error('delivery attempt could not be recorded', { delivery: delivery.id, error: (error as Error).message });
    } finally {
      this.inFlight.delete(delivery.id);
      if (holdsSlot) this.releaseSlot(webhook.id);
      this.notify();
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
