/**
 * GET /docs: the API reference, server-rendered from the OpenAPI document itself (the same one /openapi.json
 * serves): every operation with its parameters, the fields of its request and response bodies (type, required,
 * description) and an example of each. No script and nothing fetched: it works offline. All text escaped.
 */
import { html } from 'hono/html';
import { openApiDocument } from '../openApiDocument.ts';
import type { JsonSchema } from '../schemaExample.ts';

type Html = ReturnType<typeof html>;

interface Parameter {
  name: string;
  in: string;
  required: boolean;
  description?: string;
}

interface MediaType {
  schema: JsonSchema;
  example: unknown;
}

interface OperationObject {
  summary: string;
  security: unknown[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

function typeText(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeText).join(' or ');
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type ?? 'any';
  if (type === 'array') return `array of ${schema.items ? typeText(schema.items) : 'any'}`;
  return type;
}

/** The fields of an object schema, nested objects as dotted names (two levels: enough for this API). */
function fieldRows(schema: JsonSchema, prefix = '', depth = 0): FieldRow[] {
  const object = schema.type === 'object' ? schema : schema.items?.type === 'object' ? schema.items : null;
  if (!object?.properties || depth > 2) return [];
  const required = new Set(object.required ?? []);
  return Object.entries(object.properties).flatMap(([key, property]) => {
    const name = `${prefix}${key}${schema.type === 'array' ? '[]' : ''}`;
    const described = [property.description, property.default !== undefined ? `Default: ${JSON.stringify(property.default)}.` : ''].filter(Boolean).join(' ');
    const nested = property.type === 'object' || property.items?.type === 'object' ? fieldRows(property, `${name}.`, depth + 1) : [];
    return [{ name, type: typeText(property), required: required.has(key), description: described }, ...nested];
  });
}

function fieldsTable(schema: JsonSchema, caption: string): Html {
  const rows = fieldRows(schema);
  if (rows.length === 0) return html`<p class="muted">${caption}: ${typeText(schema)}</p>`;
  return html`<table><caption>${caption}</caption><thead><tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr></thead>
<tbody>${rows.map((row) => html`<tr><td><code>${row.name}</code>${row.required ? html` <span class="req">required</span>` : ''}</td><td>${row.type}</td><td>${row.description}</td></tr>`)}</tbody></table>`;
}

function example(media: MediaType, label: string): Html {
  return html`<details><summary>${label}</summary><pre>${JSON.stringify(media.example, null, 2)}</pre></details>`;
}

const anchor = (method: string, path: string) => `${method}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}`;

function operationSection(path: string, method: string, operation: OperationObject): Html {
  const auth = operation.security.length ? 'Authorization: Bearer <API key>' : path.startsWith('/ingest/') ? 'the ingest token in the path' : 'none';
  const body = operation.requestBody?.content['application/json'];
  const [status, response] = Object.entries(operation.responses).find(([code]) => code !== 'default')!;
  const responseBody = response.content?.['application/json'];
  return html`<section id="${anchor(method, path)}">
  <h2><span class="method ${method}">${method.toUpperCase()}</span> <code>${path}</code></h2>
  <p>${operation.summary}</p>
  <p class="muted">Auth: ${auth}.</p>
  ${operation.parameters.length
    ? html`<table><caption>Parameters</caption><thead><tr><th scope="col">Name</th><th scope="col">In</th><th scope="col">Description</th></tr></thead>
<tbody>${operation.parameters.map((parameter) => html`<tr><td><code>${parameter.name}</code>${parameter.required ? html` <span class="req">required</span>` : ''}</td><td>${parameter.in}</td><td>${parameter.description ?? ''}</td></tr>`)}</tbody></table>`
    : ''}
  ${body ? html`<h3>Request body <span class="muted">(JSON)</span></h3>${fieldsTable(body.schema, 'Request fields')}${example(body, 'Example request body')}` : ''}
  <h3>Response <span class="muted">${status} ${status === '204' ? 'No Content' : ''}</span></h3>
  ${responseBody ? html`${fieldsTable(responseBody.schema, 'Response fields')}${example(responseBody, `Example ${status} response`)}` : html`<p class="muted">No body.</p>`}
</section>`;
}

export function apiReferencePage(version: string) {
  const document = openApiDocument(version);
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as OperationObject })),
  );
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Relay API reference</title>
<link rel="stylesheet" href="/ui/assets/docs.css">
</head><body><main>
<p class="back"><a href="/ui/webhooks">← Back to the web page</a></p>
<h1>Ultimate Multisite relay — API reference <small class="muted">v${version}</small></h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1); this page is rendered from it. Errors are JSON:
<code>{"error": {"code", "message", "field"}}</code>, the message naming the field at fault. Deliveries carry Standard Webhooks headers
<code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code> and <code>x-um-event</code>.</p>
<nav aria-label="Operations"><ul>${operations.map(({ path, method }) => html`<li><a href="#${anchor(method, path)}">${method.toUpperCase()} ${path}</a></li>`)}</ul></nav>
${operations.map(({ path, method, operation }) => operationSection(path, method, operation))}
</main></body></html>`;
}
