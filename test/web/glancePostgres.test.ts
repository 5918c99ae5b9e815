/**
 * The page at a glance on PostgreSQL: the same figures as on the embedded store (the webhooks table's 24 h
 * activity, the health strip, the test counter, the retry schedule), read through the PostgreSQL backend's queries.
 * Plain HTTP against a real relay on DATABASE_URL; the browser test (glance.test.ts) covers the embedded store.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, newSchemaName, urlWithSchema } from '../support/postgres.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';

const schema = newSchemaName();
let relay: TestRelay;
let receiver: http.Server;
let cookies = '';
let token = '';

const cookieHeader = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];
const page = async (path: string) => (await fetch(relay.url + path, { headers: { cookie: cookies } })).text();
/** The text of the table cell with this label in the row of this webhook. */
const cell = (html: string, webhookId: string, label: string) => {
  const row = html.slice(html.indexOf(`data-webhook-id="${webhookId}"`));
  const start = row.indexOf(`data-label="${label}"`);
  return row.slice(start, row.indexOf('</td>', start)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
};

beforeAll(async () => {
  receiver = http.createServer((request, response) => request.resume().on('end', () => response.end('{"ok":true}')));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  relay = await startTestRelay({ DATABASE_URL: urlWithSchema(schema), RELAY_LOG_LEVEL: 'warn', RELAY_RETRY_SCHEDULE: '0,1h,2h,4h,8h,12h,24h,24h' });
  const signInPage = await fetch(`${relay.url}/ui/sign-in`);
  const signedIn = await fetch(`${relay.url}/ui/sign-in`, {
    method: 'POST', redirect: 'manual', headers: { cookie: cookieHeader(signInPage) },
    body: new URLSearchParams({ _csrf: tokenIn(await signInPage.text()), api_key: relay.keys.apiKey, next: '/ui/webhooks' }),
  });
  cookies = cookieHeader(signedIn);
  token = tokenIn(await page('/ui/webhooks'));
}, 30_000);

afterAll(async () => {
  await relay?.stop();
  receiver?.close();
  await dropSchema(schema);
});

describe('web page at a glance on PostgreSQL', () => {
  it('shows the 24 h figures, the health strip, the test counter and the retry schedule', { timeout: 30_000 }, async () => {
    const create = async (json: Record<string, unknown>) => ((await (await relay.api('/v1/webhooks', { method: 'POST', json })).json()) as { id: string }).id;
    const good = await create({ name: 'Good', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/h`, events: ['payment_received', 'site_published'] });
    const failing = await create({ name: 'Failing', url: 'http://127.0.0.1:9/h', event: 'payment_received' });
    const tested = await create({ name: 'Tested', url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/t`, event: 'domain_created' });
    for (const slug of ['payment_received', 'payment_received', 'site_published']) await relay.api('/v1/events', { method: 'POST', json: { event: slug, payload: { n: 1 } } });
    await expect.poll(async () => cell(await page('/ui/webhooks'), failing, 'Failures (24 h)'), { timeout: 15_000 }).toContain('2');
    await expect.poll(async () => cell(await page('/ui/webhooks'), good, 'Success (24 h)'), { timeout: 15_000 }).toContain('100 % 3 of 3');

    const test = await fetch(`${relay.url}/ui/webhooks/${tested}/test`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies }, body: new URLSearchParams({ _csrf: token, back: 'list' }) });
    expect(test.status).toBe(303);
    const list = await page(test.headers.get('location')!);
    expect(list).toContain('Test event delivered');
    expect(cell(list, tested, 'Success (24 h)')).toContain('Test event delivered');
    expect(cell(list, tested, 'Last delivery')).toMatch(/ok .*test/);
    expect(cell(list, failing, 'Pending retries')).toContain('2');
    const strip = list.slice(list.indexOf('class="health"'), list.indexOf('</section>', list.indexOf('class="health"'))).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(strip).toContain('Backlog 2 deliveries pending');
    expect(strip).toContain('Failure rate 40 % 2 of 5 attempts, last hour');

    const detail = await page(`/ui/webhooks/${failing}`);
    expect(detail.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')).toMatch(/Attempt 2 of 8 , next in (\d+ min|1 h)/);
    const filtered = await page(`/ui/webhooks/${good}?event=site_published`);
    expect(filtered.match(/class="card delivery"/g)).toHaveLength(1);
  });
});
