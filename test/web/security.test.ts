/**
 * The web page's defences, in real headless chromium: payload HTML never runs (escaping, and a CSP that
 * forbids inline script), forms without their CSRF token are refused, sessions end on sign-out and cannot
 * be forged, and the inspector tells signed from unsigned and forged requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { findEventType } from '../../shared/events/catalog.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { launchBrowser, screenshot, signIn, signedInBrowser, type TestBrowser } from './support/browser.ts';

const hostile = `<script>window.__pwned = 'script'</script><img src=x onerror="window.__pwned = 'img'">`;

let relay: TestRelay;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
  browser = await signedInBrowser(relay.url, relay.keys.apiKey);
  page = browser.page;
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await relay?.stop();
});

async function createBin(name: string): Promise<{ id: string; url: string }> {
  await page.goto(`${relay.url}/ui/inspector`);
  await page.fill('#bin-name', name);
  await page.click('button:has-text("Create bin")');
  await page.waitForURL(/\/ui\/inspector\/bin_/);
  return { id: page.url().split('/').pop()!.split('?')[0], url: (await page.locator('.copyable code').first().textContent())! };
}

describe('web page security', { timeout: 60_000 }, () => {
  it('never runs script from a payload, a webhook name or a request', async () => {
    const bin = await createBin(`Bin ${hostile}`);
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: `Hook ${hostile}`, url: bin.url, event: 'payment_received' } });
    expect(created.status).toBe(201);
    const payload = { ...findEventType('payment_received')!.sample, payment_id: 42, customer_avatar: hostile, payment_product_names: '"><svg onload="window.__pwned=1">' };
    const ingested = (await (await relay.ingest('payment_received', payload)).json()) as { id: string };
    // A request straight to the bin, with hostile headers and path too.
    await fetch(`${bin.url}/x?q=<script>`, { method: 'PUT', headers: { 'x-evil': hostile }, body: hostile });

    // Escaped on the server, whatever the CSP would have stopped.
    const rawHtml = await (await page.request.get(`${relay.url}/ui/events?event_id=${ingested.id}`)).text();
    expect(rawHtml).toContain('&lt;script&gt;window.__pwned');
    expect(rawHtml).not.toContain('<script>window.__pwned');
    expect(rawHtml).not.toContain('<svg onload');
    await page.goto(`${relay.url}/ui/events?event_id=${ingested.id}`);
    expect(await page.locator('li.event pre').textContent()).toContain('<script>window.__pwned');
    await screenshot(page, '20-event-with-html-payload');
    await page.goto(`${relay.url}/ui/webhooks`);
    expect(await page.locator('tr.webhook a.name').first().textContent()).toContain('<script>');
    await page.goto(`${relay.url}/ui/inspector/${bin.id}`);
    await expect.poll(async () => page.reload().then(() => page.locator('li.inspected').count()), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('h1').textContent()).toContain('<img src=x');
    await screenshot(page, '21-inspector-html-payload');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('script').count()).toBe(1); // only /ui/assets/app.js
    expect(browser.pageErrors).toEqual([]);
  });

  it('sends a strict Content-Security-Policy with every page', async () => {
    const response = await page.goto(`${relay.url}/ui/events`);
    const csp = response!.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('refuses a form posted without its CSRF token, or with another session’s', async () => {
    const created = await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Guarded', url: 'https://example.com/hook', event: 'site_published' } });
    const { id } = (await created.json()) as { id: string };
    await page.goto(`${relay.url}/ui/webhooks`);
    const card = page.locator(`tr.webhook[data-webhook-id="${id}"]`);
    await card.locator('form[action$="/disable"] input[name="_csrf"]').evaluate((input) => input.remove());
    const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.url().endsWith('/disable')), card.locator('button:has-text("Disable")').click()]);
    expect(response.status()).toBe(403);
    expect(await page.locator('.field-error').textContent()).toContain('without its CSRF token');
    await screenshot(page, '22-csrf-refused');

    // A token from another sign-in (another browser) does not work in this session.
    const other = await launchBrowser();
    try {
      await signIn(other.page, relay.url, relay.keys.apiKey);
      const foreignToken = await other.page.locator('input[name="_csrf"]').first().inputValue();
      const status = await page.evaluate(
        async ([action, token]) => (await fetch(action, { method: 'POST', body: new URLSearchParams({ _csrf: token }) })).status,
        [`/ui/webhooks/${id}/disable`, foreignToken],
      );
      expect(status).toBe(403);
    } finally {
      await other.close();
    }
    const webhook = (await (await relay.api(`/v1/webhooks/${id}`)).json()) as { active: boolean };
    expect(webhook.active).toBe(true);
  });

  it('tells unsigned and forged requests from the relay’s signed ones', async () => {
    const bin = await createBin('Signatures');
    await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Signer', url: bin.url, event: 'payment_received' } });
    const banner = page.locator('[data-poll]');
    expect(await banner.isHidden()).toBe(true);
    await fetch(bin.url, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    await fetch(bin.url, {
      method: 'POST',
      body: '{"a":2}',
      headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
    });
    // The open bin page notices the new requests by itself.
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    await banner.locator('text=Show them').click();
    await page.waitForURL((url) => url.pathname.endsWith(bin.id) && url.search === '');
    const verdicts = await page.locator('li.inspected').evaluateAll((items) => items.map((item) => item.getAttribute('data-signature')));
    expect(verdicts).toEqual(['invalid', 'unsigned']); // newest first
    const answer = await fetch(`${relay.url}/inspect/bin_missing`, { method: 'POST', body: '{}' });
    expect(answer.status).toBe(404);
  });

  it('signs out, and refuses forged or missing sessions', async () => {
    await page.goto(`${relay.url}/ui/webhooks`);
    await page.click('button:has-text("Sign out")');
    await page.waitForURL('**/ui/sign-in**');
    expect(await page.locator('.notice').textContent()).toContain('Signed out');
    await page.goto(`${relay.url}/ui/events`);
    expect(new URL(page.url()).pathname).toBe('/ui/sign-in');

    const forged = await fetch(`${relay.url}/ui/webhooks`, { redirect: 'manual', headers: { cookie: 'relay_session=v1.9999999999.AAAAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } });
    expect(forged.status).toBe(303);
    expect(forged.headers.get('location')).toMatch(/^\/ui\/sign-in/);
    // The JSON API is not reachable with the page's session, only with the bearer key.
    expect((await fetch(`${relay.url}/v1/webhooks`)).status).toBe(401);
  });

  it('never redirects off the relay after sign-in', async () => {
    await page.goto(`${relay.url}/ui/sign-in?next=${encodeURIComponent('//evil.example/ui/x')}`);
    await page.fill('#api_key', relay.keys.apiKey);
    await page.click('button:has-text("Sign in")');
    await page.waitForURL('**/ui/webhooks');
    expect(new URL(page.url()).host).toBe(new URL(relay.url).host);
  });
});
