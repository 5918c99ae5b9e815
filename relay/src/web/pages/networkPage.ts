/**
 * "Your network": connect an Ultimate Multisite network in one step (URL, API key, API secret), then see which
 * events are wired, the last event received, and what needs repair; repair and disconnect buttons. The same
 * service as /v1/network; errors are shown beside the form, saying what to do.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import { connectNetwork, disconnectNetwork, networkState, repairNetwork, type NetworkState } from '../../network/networkConnection.ts';
import { NetworkConnectionError } from '../../network/networkConnectionError.ts';
import type { RelayContext } from '../../relayContext.ts';
import { badge, csrfInput, postButton, type Html } from '../layout/components.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom, withNotice } from '../layout/notices.ts';
import { publicBase } from '../../config/publicBase.ts';
import { uiPath } from '../session/session.ts';
import type { WebEnv } from '../session/webEnv.ts';

const statusBadge = (status: string) => (status === 'ok' ? badge('wired', 'ok') : status === 'unknown' ? badge('not checked', 'muted') : badge(status === 'missing' ? 'missing in the plugin' : status === 'changed' ? 'changed in the plugin' : 'inactive in the plugin', 'bad'));

function connectForm(csrfToken: string, values: { network_url: string }, error: string | null): Html {
  return html`<form method="post" action="${uiPath}/network" class="card stack" novalidate>
  ${csrfInput(csrfToken)}
  <p>In the network admin, open <strong>Ultimate Multisite → Settings → API &amp; Webhooks</strong>: turn on <em>Enable API</em> and copy the key and secret.
  The relay checks them, reads the events your network registers, and creates one webhook per event in Ultimate Multisite, pointing here.</p>
  <label for="network_url">Network URL</label>
  <input id="network_url" name="network_url" type="url" value="${values.network_url}" placeholder="https://network.example">
  <label for="api_key">API key</label>
  <input id="api_key" name="api_key" autocomplete="off">
  <label for="api_secret">API secret</label>
  <input id="api_secret" name="api_secret" type="password" autocomplete="off">
  <p class="hint">Kept in the relay's database to repair and disconnect later; never shown again, never logged.</p>
  ${error ? html`<p class="field-error" id="connect-error" role="alert">${error}</p>` : ''}
  <div class="actions"><button class="primary">Connect</button></div>
</form>`;
}

function stateView(state: NetworkState, csrfToken: string): Html {
  return html`<section class="card stack">
  <div class="row between"><h2>${state.label || state.network_url}</h2>${state.needs_repair ? badge('needs repair', 'bad') : badge('connected', 'ok')}</div>
  <p class="muted small"><code>${state.network_url}</code> · API key <code>${state.api_key_hint}</code> · webhooks point at <code>${state.relay_url}</code></p>
  <p>Last event received: ${state.last_event ? html`<a href="${uiPath}/events?event_id=${encodeURIComponent(state.last_event.id)}">${state.last_event.event}</a> at <time datetime="${state.last_event.received_at}">${state.last_event.received_at}</time>` : 'none yet'}</p>
  ${state.problems?.length ? html`<ul class="problems">${state.problems.map((problem) => html`<li class="field-error">${problem}</li>`)}</ul>` : ''}
  <div class="actions">
    ${postButton({ action: `${uiPath}/network/repair`, label: 'Repair', csrfToken, tone: state.needs_repair ? 'primary' : 'plain' })}
    ${postButton({ action: `${uiPath}/network/disconnect`, label: 'Disconnect', csrfToken, tone: 'danger', confirm: 'Remove the webhooks the relay created in Ultimate Multisite and forget the API key?' })}
  </div>
</section>
<h2>Events wired</h2>
<ul class="cards">${(state.events ?? []).map((event) => html`<li class="card network-event" data-event="${event.event}"><div class="row between"><span>${event.name} <code class="slug">${event.event}</code></span>${statusBadge(event.status)}</div>
  <p class="muted small">webhook #${event.plugin_webhook_id} in Ultimate Multisite${event.created_by_relay ? '' : ' (made by hand: kept on disconnect)'}</p></li>`)}</ul>
${state.not_wired?.length ? html`<h2>Not wired</h2><ul class="cards">${state.not_wired.map((event) => html`<li class="card"><span>${event.name} <code class="slug">${event.event}</code></span> <span class="muted small">${event.reason}</span></li>`)}</ul>` : ''}`;
}

const formString = (value: unknown) => (typeof value === 'string' ? value : '');

export function networkPage(relay: RelayContext) {
  const render = async (c: Context<WebEnv>, error: string | null = null, values = { network_url: '' }, status: 200 | 400 | 409 | 422 | 502 = 200) => {
    const csrfToken = c.get('csrfToken');
    const state = await networkState(relay);
    const body = html`<h1>Your network</h1>
${state.connected ? stateView(state, csrfToken) : connectForm(csrfToken, values, error)}
${state.connected && error ? html`<p class="field-error" role="alert">${error}</p>` : ''}`;
    return c.html(layout({ title: 'Your network', nav: { active: 'network', csrfToken }, notice: noticeFrom(c) }, body), status);
  };
  const refusal = (error: unknown): NetworkConnectionError => {
    if (error instanceof NetworkConnectionError) return error;
    throw error;
  };

  return new Hono<WebEnv>()
    .get('/network', (c) => render(c))
    .post('/network', async (c) => {
      const form = await c.req.parseBody();
      const values = { network_url: formString(form.network_url) };
      try {
        await connectNetwork(relay, { networkUrl: values.network_url, apiKey: formString(form.api_key), apiSecret: formString(form.api_secret), relayUrl: publicBase(relay.config, c.req.url) });
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
