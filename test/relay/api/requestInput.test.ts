/**
 * One rule for a request's input, checked in process (`app.request()`, no socket): a body that is not a JSON
 * object, a field that breaks its schema, or a bad query is a 400 naming the field, on every route that reads one;
 * where a body is optional, none at all stands for `{}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../relay/src/httpApp.ts';
import { startTestRelay, type TestRelay } from '../../support/testRelay.ts';

let relay: TestRelay;
let app: ReturnType<typeof createHttpApp>;
beforeAll(async () => {
  relay = await startTestRelay();
  app = createHttpApp(relay.context);
});
afterAll(async () => {
  await relay.stop();
});

/** The error of an in-process request with the API key, with its status. */
async function refusal(path: string, init: { method?: string; body?: string } = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${relay.keys.apiKey}` };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await app.request(path, { method: init.method ?? 'GET', headers, body: init.body });
  return { status: response.status, error: ((await response.json()) as { error: { code: string; message: string; field?: string } }).error };
}

describe('request input', () => {
  it('refuses a body that is not a JSON object, naming body, on each route that reads one', async () => {
    for (const [method, path] of [['POST', '/v1/webhooks'], ['POST', '/v1/network'], ['POST', '/v1/network/customers'], ['POST', '/v1/events']]) {
      const { status, error } = await refusal(path, { method, body: '[1, 2]' });
      expect([status, error.code, error.field], `${method} ${path}`).toEqual([400, 'invalid_body', 'body']);
      expect(error.message, `${method} ${path}`).toMatch(/^body: must be a JSON object/);
    }
  });

  it('names the field a schema refuses', async () => {
    const { status, error } = await refusal('/v1/webhooks', { method: 'POST', body: JSON.stringify({ name: 'To the CRM', url: 'ftp://example.com/hook', event: 'payment_received' }) });
    expect([status, error.code, error.field]).toEqual([400, 'invalid_request', 'url']);
    expect(error.message).toMatch(/^url: /);
  });

  it('names the query parameter a route refuses', async () => {
    for (const path of ['/v1/events?limit=0', '/v1/webhooks?limit=1000', '/v1/event-types?all=maybe']) {
      const { status, error } = await refusal(path);
      expect([status, error.code], path).toEqual([400, 'invalid_request']);
      expect(error.field, path).toBe(new URL(path, 'http://x').searchParams.keys().next().value);
    }
  });

  it('takes no body at all as {} where the body is optional, and still refuses an empty declared one', async () => {
    const hook = await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Optional body', url: 'http://127.0.0.1:9/hook', event: 'payment_received' } })).json();
    const noBody = await app.request(`/v1/webhooks/${hook.id}/test`, { method: 'POST', headers: { authorization: `Bearer ${relay.keys.apiKey}` } });
    expect(noBody.status).toBe(200);
    const { status, error } = await refusal(`/v1/webhooks/${hook.id}/redeliver-failed`, { method: 'POST', body: '' });
    expect([status, error.code, error.field]).toEqual([400, 'invalid_body', 'body']);
  });
});
