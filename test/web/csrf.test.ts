/** Every form action of the web page refuses a POST without its CSRF token (no browser: plain HTTP against a real relay). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';

let relay: TestRelay;
let cookies = '';

const cookieHeader = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

beforeAll(async () => {
  relay = await startTestRelay({ RELAY_LOG_LEVEL: 'warn' });
  const signInPage = await fetch(`${relay.url}/ui/sign-in`);
  const signInCookie = cookieHeader(signInPage);
  const signedIn = await fetch(`${relay.url}/ui/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: signInCookie },
    body: new URLSearchParams({ _csrf: tokenIn(await signInPage.text()), api_key: relay.keys.apiKey, next: '/ui/webhooks' }),
  });
  expect(signedIn.status).toBe(303);
  cookies = cookieHeader(signedIn);
});
afterAll(async () => {
  await relay?.stop();
});

describe('CSRF and session cookies', () => {
  it('sets the session cookie HttpOnly, SameSite=Lax, scoped to /ui, and Secure behind https', async () => {
    expect(cookies).toMatch(/^relay_session=v1\./);
    const page = await fetch(`${relay.url}/ui/sign-in`, { headers: { 'x-forwarded-proto': 'https' } });
    const signInCookie = page.headers.getSetCookie()[0];
    expect(signInCookie).toMatch(/HttpOnly/);
    expect(signInCookie).toMatch(/SameSite=Lax/);
    expect(signInCookie).toMatch(/Path=\/ui/);
    expect(signInCookie).toMatch(/Secure/);
  });

  it('refuses every form action without the token, with a wrong one, and from another site', async () => {
    const webhook = (await (await relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Kept', url: 'https://example.com/h', event: 'payment_received' } })).json()) as { id: string };
    const bin = { id: 'bin_x' };
    const actions = [
      '/ui/sign-in', '/ui/sign-out', '/ui/webhooks',
      `/ui/webhooks/${webhook.id}/test`, `/ui/webhooks/${webhook.id}/enable`, `/ui/webhooks/${webhook.id}/disable`,
      `/ui/webhooks/${webhook.id}/delete`, `/ui/webhooks/${webhook.id}/redeliver`, '/ui/deliveries/dlv_x/retry',
      `/ui/webhooks/${webhook.id}/edit`, `/ui/webhooks/${webhook.id}/rotate-secret`,
      '/ui/inspector', `/ui/inspector/${bin.id}/delete`, '/ui/network', '/ui/network/repair', '/ui/network/disconnect',
    ];
    const page = await (await fetch(`${relay.url}/ui/webhooks`, { headers: { cookie: cookies } })).text();
    const token = tokenIn(page);
    for (const action of actions) {
      const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch(relay.url + action, { method: 'POST', redirect: 'manual', headers: { cookie: cookies, ...headers }, body: new URLSearchParams(body) });
      const missing = await post({ name: 'x' });
      expect(missing.status, `${action} without a token`).toBe(403);
      expect(await missing.text()).toContain('without its CSRF token');
      expect((await post({ _csrf: token.slice(1) + 'A' })).status, `${action} with a wrong token`).toBe(403);
      expect((await post({ _csrf: token }, { 'sec-fetch-site': 'cross-site' })).status, `${action} from another site`).toBe(403);
    }
    // Nothing happened: the webhook is still there and active, with its events and its secret.
    expect(await (await relay.api(`/v1/webhooks/${webhook.id}`)).json()).toMatchObject({ active: true, name: 'Kept', events: ['payment_received'] });
    expect(((await (await relay.api(`/v1/webhooks/${webhook.id}/secret`)).json()) as { previous_secret_expires_at: string | null }).previous_secret_expires_at).toBeNull();
    // And the right token works.
    const disabled = await fetch(`${relay.url}/ui/webhooks/${webhook.id}/disable`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies }, body: new URLSearchParams({ _csrf: token }) });
    expect(disabled.status).toBe(303);
  });
});
