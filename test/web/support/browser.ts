/** Headless Debian chromium driven by playwright-core, with screenshots saved as test artifacts. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.resolve('test-artifacts/screenshots');

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Errors the page's own scripts threw, and CSP violations reported on the console. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: run .ci/install-browser (installs Debian's chromium)`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-chromium-'));
  // A fresh profile per run (Playwright takes the profile dir here rather than as --user-data-dir).
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    // HTTP error statuses the tests provoke (401, 400) are logged too; only script errors and CSP refusals count.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
  });
  return {
    context, page, pageErrors,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Full-page screenshots at desktop (1280 px) and phone (390 px) widths: test-artifacts/screenshots/<name>-{desktop,narrow}.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.screenshot({ path: path.join(screenshotDir, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: path.join(screenshotDir, `${name}-narrow.png`), fullPage: true });
  // Nothing may stick out sideways on a phone (long URLs and payloads wrap or scroll inside their box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await page.setViewportSize(original);
  if (overflow > 0) throw new Error(`${name}: the page is ${overflow}px wider than a 390px screen`);
}

/** Signs the page in through the sign-in form. */
export async function signIn(page: Page, baseUrl: string, apiKey: string): Promise<void> {
  await page.goto(`${baseUrl}/ui/sign-in`);
  await page.fill('#api_key', apiKey);
  await page.click('button:has-text("Sign in")');
  await page.waitForURL('**/ui/webhooks');
}

/** A fresh browser already signed in to the relay at `baseUrl`: what every page suite starts from. */
export async function signedInBrowser(baseUrl: string, apiKey: string): Promise<TestBrowser> {
  const browser = await launchBrowser();
  await signIn(browser.page, baseUrl, apiKey);
  return browser;
}

/**
 * Clicks what leads to another page (a link, a form's button) and waits until that page has loaded. Reads such as
 * count() and allTextContents() do not wait: right after the click they would read the page before it.
 */
export async function clickThrough(page: Page, selector: string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame()), page.click(selector)]);
  await page.waitForLoadState('load');
}
