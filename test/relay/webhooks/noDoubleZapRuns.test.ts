/** What keeps a Zap from running twice on the relay's side: idempotent subscribe, and no unforced retry of an accepted delivery. */
import { describe, expect, it } from 'vitest';
import { startReceiver } from '../../support/receiver.ts';
import { relayAndReceiverForSuite } from '../../support/testRelay.ts';

const suite = relayAndReceiverForSuite();

const subscribe = (body: Record<string, unknown>) => suite.relay.api('/v1/webhooks', { method: 'POST', json: { name: 'Zapier: Payment Received', event: 'payment_received', integration: 'zapier', ...body } });

async function settledDelivery(webhookId: string): Promise<{ id: string; status: string }> {
  for (let tries = 0; tries < 100; tries++) {
    const { data } = await (await suite.relay.api(`/v1/webhooks/${webhookId}/deliveries`)).json();
    if (data[0] && data[0].status !== 'pending') return data[0];
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the delivery never settled');
}

describe('subscribing the same target URL again', () => {
  it('returns the same webhook with the same secret (200), for the same url, event and integration', async () => {
    const url = 'https://hooks.zapier.com/hooks/standard/1/zap-a';
    const first = await subscribe({ url });
    expect(first.status).toBe(201);
    const created = await first.json();
    const again = await subscribe({ url, name: 'Zapier: Payment Received (Zap 9)' });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ id: created.id, secret: created.secret });
    const listed = await (await suite.relay.api(`/v1/webhooks?integration=zapier&event=payment_received`)).json();
    expect(listed.data.filter((webhook: { url: string }) => webhook.url === url)).toHaveLength(1);
  });

  it('a different event or a manual webhook is a new webhook', async () => {
    const url = 'https://hooks.zapier.com/hooks/standard/1/zap-b';
    const payment = await (await subscribe({ url })).json();
    const site = await subscribe({ url, event: 'site_published' });
    expect(site.status).toBe(201);
    expect((await site.json()).id).not.toBe(payment.id);
    const manual = { name: 'Mine', url: 'https://example.com/h', event: 'payment_received' };
    const one = await (await suite.relay.api('/v1/webhooks', { method: 'POST', json: manual })).json();
    const two = await suite.relay.api('/v1/webhooks', { method: 'POST', json: manual });
    expect(two.status).toBe(201);
    expect((await two.json()).id).not.toBe(one.id);
  });

  it('re-enables a webhook the relay had disabled (a Zap turned back on)', async () => {
    const url = 'https://hooks.zapier.com/hooks/standard/1/zap-c';
    const created = await (await subscribe({ url })).json();
    await suite.relay.api(`/v1/webhooks/${created.id}`, { method: 'PATCH', json: { active: false } });
    const again = await (await subscribe({ url })).json();
    expect(again).toMatchObject({ id: created.id, active: true, disabled_reason: null });
  });
});

describe('manual retry of a delivery the receiver accepted', () => {
  it('is refused (409 already_delivered) unless forced, and forced it sends the same event again', async () => {
    const webhook = await (await subscribe({ url: suite.receiver.url, name: 'Receiver' })).json();
    const ingested = await (await suite.relay.ingest('payment_received', { payment_id: 7, payment_total: '$ 12.00' })).json();
    const delivery = await settledDelivery(webhook.id);
    expect(delivery.status).toBe('succeeded');

    const refused = await suite.relay.api(`/v1/deliveries/${delivery.id}/retry`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect((await refused.json()).error).toMatchObject({ code: 'already_delivered', message: expect.stringMatching(/force=true/) });
    expect(suite.receiver.requests).toHaveLength(1);

    const badForce = await suite.relay.api(`/v1/deliveries/${delivery.id}/retry`, { method: 'POST', json: { force: 'yes' } });
    expect(badForce.status).toBe(400);

    const forced = await suite.relay.api(`/v1/deliveries/${delivery.id}/retry`, { method: 'POST', json: { force: true } });
    expect(forced.status).toBe(202);
    const [, second] = await suite.receiver.waitFor(2);
    expect(second.headers['webhook-id']).toBe(ingested.id);

    await settledDelivery(webhook.id);
    const byQuery = await suite.relay.api(`/v1/deliveries/${delivery.id}/retry?force=true`, { method: 'POST' });
    expect(byQuery.status).toBe(202);
    await suite.receiver.waitFor(3);
  });
});

describe('the web page’s Retry on a delivery marked succeeded', () => {
  it('is the person’s explicit force: the form says so, and it sends the event again', async () => {
    const cookieOf = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
    const tokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const signInPage = await fetch(`${suite.relay.url}/ui/sign-in`);
    const signedIn = await fetch(`${suite.relay.url}/ui/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieOf(signInPage) },
      body: new URLSearchParams({ _csrf: tokenIn(await signInPage.text()), api_key: suite.relay.keys.apiKey, next: '/ui/webhooks' }),
    });
    const cookie = cookieOf(signedIn);
    const own = await startReceiver();
    try {
      const webhook = await (await subscribe({ url: own.url, name: 'Web retry' })).json();
      await suite.relay.ingest('payment_received', { payment_id: 9, payment_total: '$ 3.00' });
      const delivery = await settledDelivery(webhook.id);
      expect(delivery.status).toBe('succeeded');
      const page = await (await fetch(`${suite.relay.url}/ui/webhooks/${webhook.id}`, { headers: { cookie } })).text();
      const form = new RegExp(`<form method="post" action="/ui/deliveries/${delivery.id}/retry"[^>]*>(.*?)</form>`).exec(page)![1];
      expect(form).toContain('name="force" value="true"');
      const retried = await fetch(`${suite.relay.url}/ui/deliveries/${delivery.id}/retry`, { method: 'POST', redirect: 'manual', headers: { cookie }, body: new URLSearchParams({ _csrf: tokenIn(page), force: 'true' }) });
      expect(retried.status).toBe(303);
      await own.waitFor(2);
    } finally {
      await own.close();
    }
  });
});
