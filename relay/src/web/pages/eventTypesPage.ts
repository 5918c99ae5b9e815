/** The event catalog: every event type with its description, sample payload and the ingest URL to paste into Ultimate Multisite. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import { listEventTypes } from '../../api/routes/eventRoutes.ts';
import type { RelayContext } from '../../relayContext.ts';
import { badge, copyable, jsonBlock } from '../components.ts';
import { layout } from '../layout.ts';
import { publicBase } from '../publicBase.ts';
import { uiPath } from '../session.ts';
import type { WebEnv } from '../webEnv.ts';

export function eventTypesPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/event-types', async (c) => {
    const base = publicBase(c, relay);
    const types = await listEventTypes(relay);
    const body = html`<h1>Event types</h1>
<p class="lead">In Ultimate Multisite, go to <strong>Webhooks → Add New Webhook</strong>, pick the event and paste its ingest URL below.
The relay stores each event and delivers it, signed and retried, to <a href="${uiPath}/webhooks">its webhooks</a>.
${relay.config.publicUrl ? '' : html`<br><span class="muted small">URLs use this page’s address; set <code>RELAY_PUBLIC_URL</code> if the network reaches the relay at another one.</span>`}</p>
<ul class="cards">${types.map(
      (type) => html`<li class="card event-type" id="${type.slug}">
  <div class="row between"><h2>${type.name} <code class="slug">${type.slug}</code></h2>
    <div>${type.custom ? badge('add-on event', 'info') : ''}${type.can_fire ? '' : badge(type.plugin_delivery === 'records-only' ? 'plugin logs it, does not post it' : 'not registered by the plugin: never fires', 'muted')}</div></div>
  <p>${type.description}</p>
  <p class="label">Ingest URL</p>
  ${copyable(base + type.ingest_path, 'Copy URL')}
  <details><summary>Sample payload</summary>${jsonBlock(JSON.stringify(type.sample), `${type.slug} sample payload`)}</details>
  <p class="small"><a href="${uiPath}/webhooks/new?event=${encodeURIComponent(type.slug)}">Add a webhook for this event →</a></p>
</li>`,
    )}</ul>`;
    return c.html(layout({ title: 'Event types', nav: { active: 'event-types', csrfToken: c.get('csrfToken') } }, body));
  });
}
