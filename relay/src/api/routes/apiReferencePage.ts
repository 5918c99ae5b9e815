/** GET /docs: a human-readable API reference rendered from the OpenAPI operations (no script, all escaped). */
import { html, raw } from 'hono/html';
import { apiOperations } from '../openApiDocument.ts';

export function apiReferencePage(version: string) {
  const rows = apiOperations.map(
    (operation) => html`<section>
      <h2><span class="method ${operation.method}">${operation.method.toUpperCase()}</span> <code>${operation.path}</code></h2>
      <p>${operation.summary}</p>
      <p class="auth">${operation.auth === 'none' ? 'No auth.' : operation.auth === 'ingestToken' ? 'Auth: the ingest token in the path.' : 'Auth: Authorization: Bearer <api key>.'}
        ${operation.query ? html`Query: ${Object.entries(operation.query).map(([name, description]) => html`<code>${name}</code> (${description}) `)}` : ''}</p>
    </section>`,
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relay API reference</title>
<style>${raw(`body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d2327}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px;overflow-wrap:anywhere}h2{font-size:1.05rem;margin:1.5rem 0 .25rem}
.method{display:inline-block;min-width:4.5rem;font-size:.8rem;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#2271b1}
.method.post{background:#00a32a}.method.patch{background:#dba617}.method.delete{background:#d63638}.auth{color:#50575e;font-size:.9rem}`)}</style>
</head><body>
<h1>Ultimate Multisite relay — API reference <small>v${version}</small></h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are JSON: <code>{"error": {"code", "message", "field"}}</code>, the message naming the field at fault.
Deliveries carry Standard Webhooks headers <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> and <code>x-um-event</code>.</p>
${rows}
</body></html>`;
}
