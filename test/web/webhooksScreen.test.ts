/**
 * The Webhooks page in real Chromium, as an operator reads it: the connected network named, one Sort menu whose
 * choices say what comes first, the failing webhook in the strongest colour on the page (Send Test Event buttons
 * secondary), tests worded apart. Screenshots at 1280 and 390 px in test-artifacts/screenshots/34-webhooks-*.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startPluginApiDouble, type PluginApiDouble } from '../support/pluginApiDouble.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { until } from '../support/until.ts';
import { accessibilityViolations } from './support/accessibility.ts';
import { clickThrough, screenshot, signedInBrowser, type TestBrowser } from './support/browser.ts';

let relay: TestRelay;
let plugin: PluginApiDouble;
let receiver: http.Server;
let browser: TestBrowser;
let page: Page;
const ids: Record<string, string> = {};

async function createWebhook(json: Record<string, unknown>): Promise<string> {
  const response = await relay.api('/v1/webhooks', { method: 'POST', json });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

beforeAll(async () => {
  receiver = http.createServer((request, response) => request.resume().on('end', () => response.end('{"ok":true}')));
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn', RELAY_RETRY_SCHEDULE: '0,1h' });
  plugin = await startPluginApiDouble({ label: 'Acme Sites' });
  const connected = await relay.api('/v1/network', { method: 'PUT', json: { network_url: plugin.url, api_key: plugin.apiKey, api_secret: plugin.apiSecret } });
  expect(connected.status).toBe(200);
  ids.sheet = await createWebhook({ name: 'Google Sheet', url: `${receiverUrl}?sheet`, events: ['payment_received'] });
  ids.crm = await createWebhook({ name: 'CRM', url: `${receiverUrl}?crm`, events: ['payment_received', 'site_published'] });
  ids.failing = await createWebhook({ name: 'Old endpoint', url: 'http://127.0.0.1:9/hook', event: 'payment_received' });
  ids.slack = await createWebhook({ name: 'Slack', url: `${receiverUrl}?slack`, event: 'site_published' });
  await relay.api('/v1/events', { method: 'POST', json: { event: 'payment_received', payload: { payment_id: 7, payment_total: '$ 49.00' } } });
  await until(async () => ((await (await relay.api(`/v1/webhooks/${ids.failing}`)).json()) as { failing_since: string | null }).failing_since, Boolean);
  browser = await signedInBrowser(relay.url, relay.keys.apiKey);
  page = browser.page;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await relay?.stop();
  await plugin?.close();
  receiver?.close();
});

describe('Webhooks, in a browser', { timeout: 60_000 }, () => {
  it('names the connected network, and shows the failing webhook in the strongest colour', async () => {
    await page.goto(`${relay.url}/ui/webhooks`);
    expect(await page.locator('p.source').textContent()).toMatch(/Events from Acme Sites \(http:\/\/127\.0\.0\.1:\d+, 9 events wired\), sent to the webhooks below\./);
    const failing = page.locator(`tr.webhook[data-webhook-id="${ids.failing}"]`);
    expect(await failing.getAttribute('class')).toContain('failing');
    expect(await failing.locator('td[data-label="Status"]').textContent()).toMatch(/failing\s+since\s+(just now|\d+ (s|min) ago)/);
    // Solid red for the failing badge; the Send Test Event buttons are outlined in grey, never filled.
    const colours = await page.evaluate(() => ({
      alarm: getComputedStyle(document.querySelector('.badge.alarm')!).backgroundColor,
      testButtons: [...document.querySelectorAll('tr.webhook button')].filter((button) => button.textContent === 'Send Test Event').map((button) => getComputedStyle(button).backgroundColor),
    }));
    expect(colours.alarm).toBe('rgb(214, 54, 56)');
    expect(colours.testButtons).toEqual(Array(4).fill('rgb(255, 255, 255)'));
    expect(await page.locator('table.webhooks button.primary').count()).toBe(0);
    await screenshot(page, '34-webhooks');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('one Sort menu whose every choice says what comes first; the headers agree with it', async () => {
    await page.goto(`${relay.url}/ui/webhooks`);
    const choices = await page.locator('#order option').allTextContents();
    expect(choices).toContain('Most failures first');
    expect(choices.join('|')).not.toMatch(/Ascending|Descending/);
    expect(await page.locator('select[name="dir"]').count()).toBe(0);
    await page.selectOption('#order', { label: 'Most failures first' });
    await clickThrough(page, 'button:has-text("Apply")');
    expect(await page.locator('tr.webhook').first().getAttribute('data-webhook-id')).toBe(ids.failing);
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Failures');
    await clickThrough(page, 'th >> text=Webhook'); // a header: name A to Z, and the menu says so
    expect(await page.locator('#order option:checked').textContent()).toBe('Name, A to Z');
    expect(await page.locator('tr.webhook td[data-label="Webhook"] a.name').allTextContents()).toEqual(['CRM', 'Google Sheet', 'Old endpoint', 'Slack']);
  });

  it('words Send Test Event apart: "Test event delivered", never "1 tests sent, 1 delivered"', async () => {
    await page.goto(`${relay.url}/ui/webhooks`);
    const slack = page.locator(`tr.webhook[data-webhook-id="${ids.slack}"]`);
    await slack.locator('button:has-text("Send Test Event")').click();
    await page.locator('dialog.result').waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    expect(await slack.locator('td[data-label="Success (24 h)"]').textContent()).toMatch(/no deliveries\s*Test event delivered/);
    expect(browser.pageErrors).toEqual([]);
  });
});
