/**
 * "Attempt 2 of 8, next in 5 min": where a delivery stands in its retry schedule (RELAY_RETRY_SCHEDULE), with
 * each attempt made (ok or failed), the next one's time, and the delays still planned after it.
 */
import { html } from 'hono/html';
import type { Delivery, DeliveryAttempt } from '../../store/types.ts';
import { timeTag, type Html } from '../layout/components.ts';
import { durationText } from '../layout/relativeTime.ts';

export function deliverySchedule(delivery: Delivery, attempts: DeliveryAttempt[], schedule: readonly number[], now: number): Html {
  const total = schedule.length;
  const scheduled = attempts.filter((attempt) => attempt.trigger !== 'test');
  if (attempts.length > 0 && scheduled.length === 0) return html`<p class="small muted">Send Test Event: one attempt, never retried.</p>`;
  const made = delivery.attempts;
  const pending = delivery.status === 'pending' && delivery.nextAttemptAt !== null;
  const next = made + 1;
  const headline = pending
    ? html`<strong>Attempt ${next} of ${Math.max(total, next)}</strong>, next ${timeTag(delivery.nextAttemptAt, '', now)}`
    : html`<strong>${made} of ${total} attempts</strong> made${delivery.status === 'succeeded' ? ', delivered' : delivery.status === 'failed' ? ', gave up' : delivery.status === 'cancelled' ? ', cancelled' : ''}`;
  const planned = pending ? schedule.slice(next).map((delay, index) => ({ number: next + 1 + index, delay })) : [];
  return html`<div class="small"><p class="schedule-line">${headline}</p>
  <ol class="schedule" aria-label="Retry schedule">
    ${attempts.map((attempt) => html`<li class="done ${attempt.ok ? 'ok' : 'bad'}">${attempt.attemptNumber} ${attempt.ok ? '✓' : '✗'}${attempt.trigger === 'manual' ? ' (manual)' : ''}</li>`)}
    ${pending ? html`<li class="next">${next} · ${timeTag(delivery.nextAttemptAt, '', now)}</li>` : ''}
    ${planned.map(({ number, delay }) => html`<li>${number} · +${durationText(delay)}</li>`)}
  </ol></div>`;
}
