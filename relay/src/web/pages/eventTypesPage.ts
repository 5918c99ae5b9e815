/** The event catalog: every event type with its description, sample payload and the ingest URL to paste into Ultimate Multisite. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { listEventTypes } from '../../eventTypes/eventTypeListing.ts';
import type { RelayContext } from '../../relayContext.ts';
import { badge, copyable, jsonBlock } from '../layout/components.ts';
import { layout } from '../layout/layout.ts';
import { publicBase } from '../../config/publicBase.ts';
import { uiPath } from '../session/session.ts';
import type { WebEnv } from '../session/webEnv.ts';

export function eventTypesPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/event-types', async (c) => {
    const base = publicBase(relay.config, c.req.url);
    const all = c.req.query('all') === '1';
    const types = await listEventTypes(relay, { all });
    const body = html`<div class="row between"><h1>Event types</h1>
<a class="button small" href="${uiPath}/event-types${all ? '' : '?all=1'}">${all ? 'Only events that can fire' : 'Show every event, also those the plugin never posts'}</a></div>
<p class="lead"><a href="${uiPath}/network">Connect your network</a> and the relay creates these webhooks in Ultimate Multisite itself. Or, by hand: in Ultimate Multisite, go to <strong>Webhooks → Add New Webhook</strong>, pick the event and paste its ingest URL below.
The relay stores each event and delivers it, signed and retried, to <a href="${uiPath}/webhooks">its webhooks</a>.
${relay.config.publicUrl ? '' : html`<br><span class="muted small">URLs use this page’s address; set <code>RELAY_PUBLIC_URL</code> if the network reaches the relay at another one.</span>`}</p>
<ul class="cards">${types.map(
      (type) => html`<li class="card event-type" id="${type.slug}">
  <div class="row between"><h2>${type.name} <code class="slug">${type.slug}</code></h2>
    <div>${type.custom ? badge(type.origin === 'network' ? 'add-on event, registered by your network' : 'add-on event', 'info') : ''}${type.plugin_delivery === 'relay' ? badge('sent by the relay about its own webhooks', 'info') : ''}${type.can_fire ? '' : badge(type.plugin_delivery === 'records-only' ? `plugin logs it, does not post it (since ${type.plugin_delivery_since})` : `not registered by the plugin (${type.plugin_delivery_since}): never fires`, 'muted')}</div></div>
  <p>${type.description}</p>
  <p class="label">Ingest URL</p>
  ${copyable(base + type.ingest_path, 'Copy URL')}
  <details><summary>Sample payload (Send Test Event)</summary>${jsonBlock(JSON.stringify(type.sample), `${type.slug} sample payload`)}</details>
  ${type.live_example ? html`<details><summary>A real event (its shape differs from the sample)</summary>${jsonBlock(JSON.stringify(type.live_example), `${type.slug} real event`)}</details>` : ''}
  ${type.can_fire ? html`<p class="small"><a href="${uiPath}/webhooks/new?event=${encodeURIComponent(type.slug)}">Add a webhook for this event →</a></p>` : ''}
</li>`,
    )}</ul>`;
    return c.html(layout({ title: 'Event types', nav: { active: 'event-types', csrfToken: c.get('csrfToken') } }, body));
  });
}
