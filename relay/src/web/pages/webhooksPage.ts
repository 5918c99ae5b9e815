/** The webhooks page: the health strip, then every webhook in a searchable, sortable, paged table with its last 24 h. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import { emptyActivity } from '../../store/activityRows.ts';
import type { NetworkConnectionRecord } from '../../store/networkStore.ts';
import type { Webhook, WebhookActivity } from '../../store/types.ts';
import { badge, eventName, timeTag, type Html } from '../layout/components.ts';
import { healthStrip } from '../views/healthStrip.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom } from '../layout/notices.ts';
import { uiPath } from '../session/session.ts';
import { testResultDialog } from '../views/testResultDialog.ts';
import type { WebEnv } from '../session/webEnv.ts';
import { webhookButtons, webhookStatus } from '../views/webhookStatus.ts';
import { sortOrders, successRate, tableHref, tableQuery, tableRows, type SortKey, type TableQuery, type WebhookRow } from '../views/webhookTable.ts';

const dayMs = 24 * 60 * 60 * 1000;
/** The table reads at most this many webhooks (far more than a relay has); beyond, search narrows it. */
const maxWebhooks = 5000;

async function allWebhooks(relay: RelayContext): Promise<Webhook[]> {
  const webhooks: Webhook[] = [];
  let before: string | undefined;
  do {
    const page = await relay.store.listWebhooks({}, { limit: 100, before });
    webhooks.push(...page.items);
    before = page.nextCursor ?? undefined;
  } while (before && webhooks.length < maxWebhooks);
  return webhooks;
}

function sortMenu(query: TableQuery): Html {
  const current = query.sort ? `${query.sort}-${query.direction}` : '';
  const choices: [string, string][] = [['', 'Newest first'], ...sortOrders.map(({ sort, direction, label }): [string, string] => [`${sort}-${direction}`, label])];
  return html`<label for="order" class="visually-hidden">Sort</label>
    <select id="order" name="order">${choices.map(([value, label]) => html`<option value="${value}"${value === current ? html` selected` : ''}>${label}</option>`)}</select>`;
}

function sortHeader(query: TableQuery, key: SortKey, label: string): Html {
  const current = query.sort === key;
  const direction = current && query.direction === 'asc' ? 'desc' : 'asc';
  return html`<th scope="col"${current ? html` aria-sort="${query.direction === 'asc' ? 'ascending' : 'descending'}"` : ''}><a href="${tableHref(query, { sort: key, direction, page: 1 })}">${label}${current ? (query.direction === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`;
}

/** "Test event delivered", "1 of 3 test events delivered": Send Test Event, counted apart from real deliveries. */
function testsText(tests: number, delivered: number): string {
  if (tests === 1) return delivered ? 'Test event delivered' : 'Test event failed';
  return `${delivered} of ${tests} test events delivered`;
}

/** Success over 24 h, and the tests sent apart, so the count agrees with what Send Test Event just showed. */
function successCell(activity: WebhookActivity): Html {
  const rate = successRate(activity);
  const attempts = activity.succeeded + activity.failed;
  const tests = activity.tests ? html`<span class="small muted" title="Send Test Event, not counted in the rate">${testsText(activity.tests, activity.testsSucceeded)}</span>` : '';
  return html`${rate === null ? html`<span class="muted">no deliveries</span>` : html`<strong class="${rate < 0.9 ? 'bad-text' : ''}">${Math.round(rate * 100)} %</strong> <span class="small muted">${activity.succeeded} of ${attempts}</span>`}${tests ? html`<br>${tests}` : ''}`;
}

function lastDeliveryCell(activity: WebhookActivity, now: number): Html {
  const last = activity.lastAttempt;
  if (!last) return html`<span class="muted">never</span>`;
  return html`${badge(last.ok ? 'ok' : 'failed', last.ok ? 'ok' : 'bad')} ${timeTag(last.at, 'never', now)}${last.trigger === 'test' ? html` ${badge('test', 'info')}` : ''}<br><span class="small muted">${last.statusCode === null ? 'no response' : `HTTP ${last.statusCode}`}</span>`;
}

function webhookRow(row: WebhookRow, csrfToken: string, now: number, view: string): Html {
  const { webhook, activity } = row;
  const health = !webhook.active ? ' disabled' : webhook.failingSince ? ' failing' : '';
  return html`<tr class="webhook${health}" data-webhook-id="${webhook.id}">
  <td data-label="Webhook"><a class="name" href="${uiPath}/webhooks/${encodeURIComponent(webhook.id)}">${webhook.name}</a>
    <span class="url small" title="${webhook.url}">${webhook.url}</span>
    <span class="events small">${webhook.events.map((slug) => html`<code class="slug" title="${eventName(slug)}">${slug}</code> `)}<span class="muted">· ${webhook.integration}</span></span></td>
  <td data-label="Status"><div>${webhookStatus(webhook)}</div></td>
  <td data-label="Success (24 h)"><div>${successCell(activity)}</div></td>
  <td data-label="Failures (24 h)" class="num"><div>${activity.failed ? html`<span class="bad-text">${activity.failed}</span>` : '0'}</div></td>
  <td data-label="Pending retries" class="num"><div>${activity.retrying}${activity.pending > activity.retrying ? html` <span class="small muted">(+${activity.pending - activity.retrying} queued)</span>` : ''}</div></td>
  <td data-label="Last delivery"><div>${lastDeliveryCell(activity, now)}</div></td>
  <td data-label="Actions"><div>${webhookButtons(webhook, csrfToken, 'list', view)}</div></td>
</tr>`;
}

/** Where the events come from: the connected network (from the stored connection, without calling the network). */
function networkLine(network: NetworkConnectionRecord | null): Html {
  if (!network) return html`<p class="source muted small">No network connected: <a href="${uiPath}/network">connect yours</a> to send its events here.</p>`;
  return html`<p class="source small">Events from <a href="${uiPath}/network"><strong>${network.label || network.networkUrl}</strong></a> <span class="muted">(${network.networkUrl}, ${network.wiredWebhooks.length} events wired)</span>, sent to the webhooks below.</p>`;
}

export function webhooksPage(relay: RelayContext) {
  return new Hono<WebEnv>().get('/webhooks', async (c) => {
    const now = relay.now();
    const query = tableQuery(c.req.query());
    const [webhooks, activity, strip] = await Promise.all([allWebhooks(relay), relay.store.reports.webhookActivity(now - dayMs), healthStrip(relay)]);
    const table = tableRows(webhooks.map((webhook) => ({ webhook, activity: activity.get(webhook.id) ?? emptyActivity(webhook.id) })), query);
    const csrfToken = c.get('csrfToken');
    const body = html`<div class="row between"><h1>Webhooks</h1><a class="button primary" href="${uiPath}/webhooks/new">Add New Webhook</a></div>
${networkLine(await relay.store.network.get())}
${strip}
${webhooks.length === 0
  ? html`<section class="card empty"><p>No webhooks yet. Add one to send events to a URL — or create a <a href="${uiPath}/inspector">request inspector bin</a> first to try it out.</p></section>`
  : html`<section class="card">
  <form method="get" action="${uiPath}/webhooks" class="row search" role="search">
    <label for="q" class="visually-hidden">Search webhooks</label>
    <input id="q" name="q" type="search" value="${query.search}" placeholder="Search by name, URL, event or integration">
    ${sortMenu(query)}
    <button>Apply</button>${query.search ? html`<a class="button" href="${tableHref(query, { search: '', page: 1 })}">Clear</a>` : ''}
  </form>
  <p class="small muted" role="status">${table.total} of ${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'}${query.search ? html` matching “${query.search}”` : ''} · figures over the last 24 hours</p>
  <div class="table-wrap"><table class="webhooks">
    <thead><tr>${sortHeader(query, 'name', 'Webhook')}${sortHeader(query, 'status', 'Status')}${sortHeader(query, 'success', 'Success 24 h')}${sortHeader(query, 'failures', 'Failures')}${sortHeader(query, 'pending', 'Retrying')}${sortHeader(query, 'last', 'Last delivery')}<th scope="col">Actions</th></tr></thead>
    <tbody>${table.rows.map((row) => webhookRow(row, csrfToken, now, tableHref(query, {}).slice(1)))}</tbody>
  </table></div>
  ${table.total === 0 ? html`<p class="empty">No webhook matches “${query.search}”.</p>` : ''}
  ${table.pages > 1
    ? html`<nav class="pager" aria-label="Pages">${table.page > 1 ? html`<a href="${tableHref(query, { page: table.page - 1 })}">← Previous</a>` : ''}<span>Page ${table.page} of ${table.pages}</span>${table.page < table.pages ? html`<a href="${tableHref(query, { page: table.page + 1 })}">Next →</a>` : ''}</nav>`
    : ''}
</section>`}
${await testResultDialog(c, relay)}`;
    return c.html(layout({ title: 'Webhooks', nav: { active: 'webhooks', csrfToken }, notice: noticeFrom(c) }, body));
  });
}
