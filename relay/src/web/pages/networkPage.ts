/**
 * "Your network": connect an Ultimate Multisite network in one step (URL, API key, API secret), then see which
 * events are wired, the last event received, and what needs repair; repair and disconnect buttons; and what gap
 * repair recovered from the plugin's send log, with a button for a pass now. The same
 * service as /v1/network; errors are shown beside the form, saying what to do.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { connectNetwork, disconnectNetwork, networkState, repairNetwork, type NetworkState, type WiredStatus } from '../../network/networkConnection.ts';
import { RelayError } from '../../relayError.ts';
import type { RelayContext } from '../../relayContext.ts';
import { badge, csrfInput, postButton, timeTag, type Html } from '../layout/components.ts';
import { gapRepairPanel } from '../views/gapRepairPanel.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom, withNotice } from '../layout/notices.ts';
import { publicBase } from '../../config/publicBase.ts';
import { uiPath } from '../session/session.ts';
import type { WebEnv } from '../session/webEnv.ts';

const statusBadge = (status: WiredStatus) =>
  status === 'ok' ? badge('wired', 'ok') : status === 'unknown' ? badge('not checked', 'muted') : badge(status === 'missing' ? 'missing' : status === 'changed' ? 'changed' : 'inactive', 'bad');
const statusHint: Record<WiredStatus, string> = {
  ok: '', unknown: '', missing: 'deleted in the plugin', changed: 'its URL or event was edited in the plugin', inactive: 'switched off in the plugin',
};

interface ConnectValues {
  network_url: string;
  api_key: string;
}

/** After a refusal the URL and API key come back filled in (the secret never does: it is typed again). */
function connectForm(csrfToken: string, values: ConnectValues, error: string | null): Html {
  return html`<form method="post" action="${uiPath}/network" class="card stack" novalidate>
  ${csrfInput(csrfToken)}
  <p>In the network admin, open <strong>Ultimate Multisite → Settings → API &amp; Webhooks</strong>: turn on <em>Enable API</em> and copy the key and secret.
  The relay checks them, reads the events your network registers, and creates one webhook per event in Ultimate Multisite, pointing here.</p>
  <label for="network_url">Network URL</label>
  <input id="network_url" name="network_url" type="url" value="${values.network_url}" placeholder="https://network.example">
  <label for="api_key">API key</label>
  <input id="api_key" name="api_key" value="${values.api_key}" autocomplete="off">
  <label for="api_secret">API secret</label>
  <input id="api_secret" name="api_secret" type="password" autocomplete="off"${error ? html` aria-describedby="connect-error" autofocus` : ''}>
  <p class="hint">Kept in the relay's database to repair and disconnect later; never shown again, never logged.</p>
  ${error ? html`<p class="field-error" id="connect-error" role="alert">${error}</p>` : ''}
  <div class="actions"><button class="primary" data-busy="Connecting… (checking the key, creating the webhooks)">Connect</button></div>
</form>`;
}

/** One line per reason: "Not wired (8): checkout_started, … — the plugin only logs them, it never POSTs a webhook." */
function notWiredLines(notWired: NonNullable<NetworkState['not_wired']>): Html {
  const byReason = new Map<string, typeof notWired>();
  for (const event of notWired) byReason.set(event.reason, [...(byReason.get(event.reason) ?? []), event]);
  return html`${[...byReason].map(([reason, events]) => html`<p class="not-wired small"><strong>Not wired (${events.length}):</strong> ${events.map(
    (event, index) => html`${index ? ', ' : ''}<code class="slug" title="${event.name}">${event.event}</code>`,
  )} — ${reason}.</p>`)}`;
}

function stateView(state: NetworkState, csrfToken: string): Html {
  const last = state.last_event;
  const events = state.events ?? [];
  return html`<section class="card network-summary">
  <div class="row between"><h2>${state.label || state.network_url} ${state.needs_repair ? badge('needs repair', 'bad') : badge('connected', 'ok')}</h2>
  <div class="actions">
    ${postButton({ action: `${uiPath}/network/repair`, label: 'Repair', csrfToken, tone: state.needs_repair ? 'primary' : 'plain', busy: 'Repairing…' })}
    ${postButton({ action: `${uiPath}/network/disconnect`, label: 'Disconnect', csrfToken, tone: 'danger', busy: 'Disconnecting…', confirm: 'Remove the webhooks the relay created in Ultimate Multisite and forget the API key?' })}
  </div></div>
  <p class="muted small"><code>${state.network_url}</code> · API key <code>${state.api_key_hint}</code> · webhooks point at <code>${state.relay_url}</code></p>
  <p class="small">Last event received: ${last ? html`<a href="${uiPath}/events?event_id=${encodeURIComponent(last.id)}">${last.event}</a> ${timeTag(Date.parse(last.received_at))}${last.test ? html` ${badge('test', 'info')}` : ''}` : 'none yet'}</p>
  ${state.problems?.length ? html`<ul class="problems">${state.problems.map((problem) => html`<li class="field-error">${problem}</li>`)}</ul>` : ''}
  ${state.warnings?.length ? html`<ul class="warnings">${state.warnings.map((warning) => html`<li class="field-error" role="alert">${warning}</li>`)}</ul>` : ''}
</section>
<table class="list network-events">
  <caption>Events wired: ${events.filter((event) => event.status === 'ok').length} of ${events.length} in place</caption>
  <thead><tr><th scope="col">Event</th><th scope="col">In the plugin</th><th scope="col">Last received</th><th scope="col">Plugin webhook</th></tr></thead>
  <tbody>${events.map((event) => html`<tr class="network-event" data-event="${event.event}">
    <td data-label="Event">${event.name} <code class="slug">${event.event}</code></td>
    <td data-label="In the plugin">${statusBadge(event.status)}${statusHint[event.status] ? html` <span class="muted small">${statusHint[event.status]}</span>` : ''}</td>
    <td data-label="Last received">${timeTag(event.last_received_at ? Date.parse(event.last_received_at) : null)}</td>
    <td data-label="Plugin webhook" class="muted small">#${event.plugin_webhook_id}${event.created_by_relay ? '' : ' (made by hand: kept on disconnect)'}</td>
  </tr>`)}</tbody>
</table>
${state.not_wired?.length ? notWiredLines(state.not_wired) : ''}`;
}

const formString = (value: unknown) => (typeof value === 'string' ? value : '');

export function networkPage(relay: RelayContext) {
  const render = async (c: Context<WebEnv>, error: string | null = null, values: ConnectValues = { network_url: '', api_key: '' }, status: ContentfulStatusCode = 200) => {
    const csrfToken = c.get('csrfToken');
    const state = await networkState(relay);
    let recovery: Html | string = '';
    if (state.connected) {
      // Recovered and unrecoverable entries, newest first: what a person looks for (those received as sent are many and say nothing).
      const [status, recovered, unrecoverable] = await Promise.all([
        relay.gapRepair.status(),
        relay.gapRepair.entries('recovered', { limit: 10 }),
        relay.gapRepair.entries('unrecoverable', { limit: 10 }),
      ]);
      const entries = [...unrecoverable.items, ...recovered.items].sort((a, b) => b.entryId - a.entryId);
      recovery = gapRepairPanel(status, entries, csrfToken);
    }
    const body = html`<h1>Your network</h1>
${state.connected ? stateView(state, csrfToken) : connectForm(csrfToken, values, error)}
${recovery}
${state.connected && error ? html`<p class="field-error" role="alert">${error}</p>` : ''}`;
    return c.html(layout({ title: 'Your network', nav: { active: 'network', csrfToken }, notice: noticeFrom(c) }, body), status);
  };
  const refusal = (error: unknown): RelayError => {
    if (error instanceof RelayError) return error;
    throw error;
  };

  return new Hono<WebEnv>()
    .get('/network', (c) => render(c))
    .post('/network', async (c) => {
      const form = await c.req.parseBody();
      const values = { network_url: formString(form.network_url), api_key: formString(form.api_key) };
      try {
        await connectNetwork(relay, { networkUrl: values.network_url, apiKey: values.api_key, apiSecret: formString(form.api_secret), relayUrl: publicBase(relay.config, c.req.url) });
      } catch (error) {
        const refused = refusal(error);
        return render(c, refused.message, values, refused.status === 404 ? 400 : refused.status);
      }
      return c.redirect(withNotice(`${uiPath}/network`, 'network-connected'), 303);
    })
    .post('/network/repair', async (c) => {
      try {
        await repairNetwork(relay, { relayUrl: relay.config.publicUrl ?? undefined });
      } catch (error) {
        const refused = refusal(error);
        return render(c, refused.message, undefined, refused.status === 404 ? 400 : refused.status);
      }
      return c.redirect(withNotice(`${uiPath}/network`, 'network-repaired'), 303);
    })
    .post('/network/recover', async (c) => {
      const pass = await relay.gapRepair.runPass('request');
      if (pass.status === 'failed') return render(c, `Recovering from the plugin's send log failed: ${pass.error}`, undefined, 502);
      return c.redirect(withNotice(`${uiPath}/network`, 'network-recovered', pass.recovered), 303);
    })
    .post('/network/disconnect', async (c) => {
      try {
        await disconnectNetwork(relay);
      } catch (error) {
        const refused = refusal(error);
        return render(c, refused.message, undefined, refused.status === 404 ? 400 : refused.status);
      }
      return c.redirect(withNotice(`${uiPath}/network`, 'network-disconnected'), 303);
    });
}
