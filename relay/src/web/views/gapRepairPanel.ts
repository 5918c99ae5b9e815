/** "Events recovered from your network": gap repair's figures, its last pass, the entries it recovered or could not, and a button for a pass now. */
import { html } from 'hono/html';
import type { GapRepairPass, GapRepairStatus } from '../../gapRepair/gapRepairService.ts';
import type { LogEntryRecord } from '../../store/gapRepairStore.ts';
import { badge, postButton, type Html } from '../layout/components.ts';
import { uiPath } from '../session/session.ts';

const iso = (ms: number) => new Date(ms).toISOString();
const seconds = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${ms / 1000} s`);

function passLine(pass: GapRepairPass): Html {
  const when = html`<time datetime="${iso(pass.finishedAt)}">${iso(pass.finishedAt)}</time>`;
  if (pass.status === 'failed') return html`<p class="field-error">Last pass, ${when}: ${pass.error}</p>`;
  return html`<p class="muted small">Last pass ${when}: ${pass.entriesRead} log entries read, ${pass.received} received, ${pass.recovered} recovered, ${pass.unrecoverable} unrecoverable${pass.waiting ? ' · the newest wait for the grace period' : ''}${pass.status === 'more' ? ' · more to read in the next pass' : ''}</p>`;
}

function entryItem(entry: LogEntryRecord): Html {
  const label = entry.outcome === 'recovered' ? badge(entry.lateOriginalAt === null ? 'recovered' : 'recovered · original came late', 'info') : badge('unrecoverable', 'bad');
  const event = entry.eventId ? html`<a href="${uiPath}/events?event_id=${encodeURIComponent(entry.eventId)}">${entry.slug}</a>` : html`<code class="slug">${entry.slug}</code>`;
  return html`<li class="card gap-entry" data-outcome="${entry.outcome}"><div class="row between"><span>${event} · log entry #${entry.entryId} · sent <time datetime="${iso(entry.loggedAt)}">${iso(entry.loggedAt)}</time></span>${label}</div>
  ${entry.reason ? html`<p class="field-error small">${entry.reason}</p>` : ''}</li>`;
}

export function gapRepairPanel(status: GapRepairStatus, entries: LogEntryRecord[], csrfToken: string): Html {
  const counts = status.counts ?? { received: 0, recovered: 0, unrecoverable: 0, lateOriginals: 0 };
  const { settings } = status;
  return html`<section class="card stack" id="gap-repair">
  <div class="row between"><h2>Recovered from the plugin's send log</h2><div class="row">${counts.unrecoverable ? badge(`${counts.unrecoverable} unrecoverable`, 'bad') : badge('nothing lost', 'ok')} ${postButton({ action: `${uiPath}/network/recover`, label: 'Recover now', csrfToken })}</div></div>
  <p class="muted small">Sends the relay never received are delivered from the plugin's log, marked recovered (read ${settings.intervalMs > 0 ? `every ${seconds(settings.intervalMs)}` : 'on demand'}):
  <strong>${counts.recovered}</strong> recovered · <strong>${counts.received}</strong> received as sent · <strong>${counts.lateOriginals}</strong> late originals dropped · <strong>${counts.unrecoverable}</strong> unrecoverable.</p>
  ${status.lastPass ? passLine(status.lastPass) : html`<p class="muted small">No pass yet.</p>`}
  ${entries.length ? html`<ul class="cards">${entries.map(entryItem)}</ul>` : ''}
</section>`;
}
