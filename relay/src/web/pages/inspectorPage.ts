/** The request inspector: create bins, get a URL on the relay to use as a webhook target, see what it received. */
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { RelayContext } from '../../relayContext.ts';
import { newId } from '../../store/ids.ts';
import { storableText } from '../../store/storableText.ts';
import type { InspectedRequest, InspectorBin } from '../../store/types.ts';
import { badge, copyable, csrfInput, jsonBlock, postButton, timeTag, type Html } from '../layout/components.ts';
import { binUrl, keepPerBin } from '../inspector/binEndpoint.ts';
import { checkSignature, webhooksTargetingBin, type SignatureVerdict } from '../inspector/signatureCheck.ts';
import { layout } from '../layout/layout.ts';
import { noticeFrom, withNotice } from '../layout/notices.ts';
import { publicBase } from '../../config/publicBase.ts';
import { uiPath } from '../session/session.ts';
import { pageNotFound } from '../layout/webError.ts';
import type { WebEnv } from '../session/webEnv.ts';

function verdictBadge(verdict: SignatureVerdict): Html {
  if (verdict.kind === 'valid') return html`${badge('valid signature', 'ok')} <span class="small">(webhook <a href="${uiPath}/webhooks/${encodeURIComponent(verdict.webhook.id)}">${verdict.webhook.name}</a>)</span>`;
  if (verdict.kind === 'unsigned') return badge('not signed', 'muted');
  return html`${badge('no valid signature', 'bad')} <span class="small muted">${verdict.reason}</span>`;
}

function requestItem(request: InspectedRequest, verdict: SignatureVerdict): Html {
  return html`<li class="card inspected" data-request-id="${request.id}" data-signature="${verdict.kind}">
  <div class="row between"><div><span class="badge info">${request.method}</span> <code class="wrap">${request.path}</code></div><div>${verdictBadge(verdict)}</div></div>
  <p class="muted small">${timeTag(request.receivedAt)}${request.headers['x-um-event'] ? html` · event <code>${request.headers['x-um-event']}</code>` : ''}</p>
  <p class="label">Body</p>
  ${jsonBlock(request.body, 'request body')}
  <details><summary>Headers (${Object.keys(request.headers).length})</summary>
    <dl class="headers">${Object.entries(request.headers).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => html`<dt>${name}</dt><dd>${value}</dd>`)}</dl>
  </details>
</li>`;
}

function binList(bins: InspectorBin[], base: string): Html {
  return html`<ul class="cards">${bins.map(
    (bin) => html`<li class="card"><div class="row between"><h2><a href="${uiPath}/inspector/${encodeURIComponent(bin.id)}">${bin.name}</a></h2><span class="muted small">created ${timeTag(bin.createdAt)}</span></div>
      ${copyable(binUrl(base, bin.id), 'Copy URL')}</li>`,
  )}</ul>`;
}

export function inspectorPage(relay: RelayContext) {
  return new Hono<WebEnv>()
    .get('/inspector', async (c) => {
      const bins = await relay.store.inspector.listBins();
      const csrfToken = c.get('csrfToken');
      const body = html`<h1>Request inspector</h1>
<p class="lead">A bin is a URL on this relay that records every request it receives: use it as a webhook URL to see exactly what a subscriber gets, signature included.</p>
<form method="post" action="${uiPath}/inspector" class="card row">
  ${csrfInput(csrfToken)}<label for="bin-name">Name</label>
  <input id="bin-name" name="name" maxlength="100" placeholder="e.g. Payment test">
  <button class="primary">Create bin</button>
</form>
${bins.length ? binList(bins, publicBase(relay.config, c.req.url)) : html`<p class="card empty">No bins yet.</p>`}`;
      return c.html(layout({ title: 'Request inspector', nav: { active: 'inspector', csrfToken }, notice: noticeFrom(c) }, body));
    })
    .post('/inspector', async (c) => {
      const form = await c.req.parseBody();
      const given = typeof form.name === 'string' ? storableText(form.name).replace(/[\u0000-\u001f\u007f\uFFFD]/g, '').trim().slice(0, 100) : '';
      const bin = await relay.store.inspector.createBin({ id: newId('bin'), name: given || `Bin ${new Date(relay.now()).toISOString().slice(0, 16).replace('T', ' ')}`, createdAt: relay.now() });
      return c.redirect(withNotice(`${uiPath}/inspector/${encodeURIComponent(bin.id)}`, 'bin-created'), 303);
    })
    .get('/inspector/:binId', async (c) => {
      const bin = await relay.store.inspector.getBin(c.req.param('binId'));
      if (!bin) throw pageNotFound('This inspector bin');
      const csrfToken = c.get('csrfToken');
      const base = publicBase(relay.config, c.req.url);
      const url = binUrl(base, bin.id);
      const requests = (await relay.store.inspector.listRequests(bin.id, { limit: keepPerBin })).items;
      const candidates = await webhooksTargetingBin(relay, bin.id, [base, new URL(c.req.url).origin], requests);
      const body = html`<p class="crumbs"><a href="${uiPath}/inspector">← Request inspector</a></p>
<section class="card">
  <div class="row between"><h1>${bin.name}</h1>${postButton({ action: `${uiPath}/inspector/${encodeURIComponent(bin.id)}/delete`, label: 'Delete bin', csrfToken, tone: 'danger', confirm: 'Delete this bin and every request it recorded?' })}</div>
  <p class="label">Bin URL</p>
  ${copyable(url, 'Copy URL')}
  <p class="small">Use it as a webhook’s URL: <a class="button small" href="${uiPath}/webhooks/new?url=${encodeURIComponent(url)}&amp;name=${encodeURIComponent(`Inspector: ${bin.name}`)}">Add a webhook to this bin</a>
  ${candidates.length ? html` · webhooks delivering here: ${candidates.map((webhook, index) => html`${index ? ', ' : ''}<a href="${uiPath}/webhooks/${encodeURIComponent(webhook.id)}">${webhook.name}</a>`)}` : ''}</p>
  ${relay.config.allowPrivateTargets || relay.config.publicUrl?.startsWith('https:') ? '' : html`<p class="hint">Running the relay locally? Deliveries to its own address are loopback, which the SSRF guard refuses unless <code>RELAY_ALLOW_PRIVATE_TARGETS=1</code>.</p>`}
</section>
<section>
  <div class="row between"><h2>Requests <span class="muted small">(newest first, the last ${keepPerBin} kept)</span></h2><a class="button small" href="${uiPath}/inspector/${encodeURIComponent(bin.id)}">Refresh</a></div>
  <p class="notice" role="status" hidden data-poll="${uiPath}/inspector/${encodeURIComponent(bin.id)}/latest" data-latest="${requests[0]?.id ?? ''}">New requests arrived. <a href="${uiPath}/inspector/${encodeURIComponent(bin.id)}">Show them</a></p>
  ${requests.length
    ? html`<ul class="cards">${requests.map((request) => requestItem(request, checkSignature(request, candidates)))}</ul>`
    : html`<p class="card empty">Nothing received yet. Send a test event to a webhook pointing here, then refresh.</p>`}
</section>`;
      return c.html(layout({ title: bin.name, nav: { active: 'inspector', csrfToken }, notice: noticeFrom(c) }, body));
    })
    // Polled by the bin page's script so a waiting reader learns that something arrived.
    .get('/inspector/:binId/latest', async (c) => {
      const [latest] = (await relay.store.inspector.listRequests(c.req.param('binId'), { limit: 1 })).items;
      return c.json({ latest: latest?.id ?? null });
    })
    .post('/inspector/:binId/delete', async (c) => {
      if (!(await relay.store.inspector.deleteBin(c.req.param('binId')))) throw pageNotFound('This inspector bin');
      return c.redirect(withNotice(`${uiPath}/inspector`, 'bin-deleted'), 303);
    });
}
