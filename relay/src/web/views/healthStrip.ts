/**
 * The strip on top of the webhooks page: events per minute (last 15 min), failure rate of attempts (last hour),
 * the backlog of pending deliveries and how long the oldest has waited. One store query (relayHealth) per window.
 */
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import type { Html } from '../layout/components.ts';
import { durationText, utcText } from '../layout/relativeTime.ts';

const eventWindowMs = 15 * 60_000;
const failureWindowMs = 60 * 60_000;

function tile(label: string, value: string, detail: string, tone: 'ok' | 'bad' | 'wait' | 'plain' = 'plain', title?: string): Html {
  return html`<div class="tile ${tone}"${title ? html` title="${title}"` : ''}><span class="tile-label">${label}</span><span class="tile-value">${value}</span><span class="tile-detail">${detail}</span></div>`;
}

export async function healthStrip(relay: RelayContext): Promise<Html> {
  const now = relay.now();
  const [recent, lastHour] = await Promise.all([relay.store.reports.relayHealth(now - eventWindowMs), relay.store.reports.relayHealth(now - failureWindowMs)]);
  const perMinute = recent.events / (eventWindowMs / 60_000);
  const failureRate = lastHour.attempts ? lastHour.failedAttempts / lastHour.attempts : 0;
  const oldestAge = recent.oldestPendingAt === null ? null : Math.max(0, now - recent.oldestPendingAt);
  return html`<section class="health" aria-label="Relay health">
  ${tile('Events / min', perMinute >= 10 ? perMinute.toFixed(0) : perMinute.toFixed(1), `${recent.events} in the last 15 min`)}
  ${tile('Failure rate', lastHour.attempts ? `${Math.round(failureRate * 100)} %` : '—', lastHour.attempts ? `${lastHour.failedAttempts} of ${lastHour.attempts} attempts, last hour` : 'no attempts in the last hour', lastHour.attempts === 0 ? 'plain' : failureRate > 0.1 ? 'bad' : failureRate > 0 ? 'wait' : 'ok')}
  ${tile('Backlog', String(recent.pending), recent.pending === 1 ? 'delivery pending' : 'deliveries pending', recent.pending ? 'wait' : 'ok')}
  ${tile('Oldest pending', oldestAge === null ? '—' : durationText(oldestAge), oldestAge === null ? 'nothing waiting' : 'waiting since its event', oldestAge !== null && oldestAge > 3_600_000 ? 'bad' : 'plain', recent.oldestPendingAt === null ? undefined : utcText(recent.oldestPendingAt))}
</section>`;
}
