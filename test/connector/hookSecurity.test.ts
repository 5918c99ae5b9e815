/**
 * perform runs a Zap only for posts the relay signed, recently, with a secret it lists for the subscription now:
 * a forged, altered or replayed post gives no item and a log line saying why. A secret rotated on the relay keeps
 * working; one rotated out stops. Forged posts do not each cost a call to the relay.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signatureHeader } from '../../shared/signing/standardWebhooks.ts';
import { checkSignature } from '../../connector/src/hooks/hookSignature.ts';
import { secretsRecheckMs } from '../../connector/src/hooks/subscriptionSecret.ts';
import type { ReceivedRequest } from '../support/receiver.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestRelay, type TestRelay } from '../support/testRelay.ts';
import { authDataFor, forgetZapierCache, hookBundle, operationOf, run, type Item } from './support/zapier.ts';

const trigger = operationOf('payment_received');
let relay: TestRelay;
let zapHook: Receiver;
let authData: { relay_url: string; api_key: string };
let subscribeData: { id: string; secret: string };
let delivered: ReceivedRequest;
const payment = { payment_id: 88, payment_status: 'completed', payment_total: '$ 49.00', payment_total_raw: 49, customer_name: 'Jane Cooper', customer_user_email: 'jane@example.com' };

beforeAll(async () => {
  // A rotation's overlap shorter than the connector's cache of the secret list (60 s): the overlap ends while it is cached.
  relay = await startTestRelay({ RELAY_SECRET_ROTATION_OVERLAP: '30s' });
  zapHook = await startReceiver();
  authData = authDataFor(relay);
  subscribeData = await run(trigger.performSubscribe, { authData, targetUrl: zapHook.url });
  await relay.ingest('payment_received', payment);
  [delivered] = await zapHook.waitFor(1);
});
afterAll(async () => {
  await relay.stop();
  await zapHook.close();
});
afterEach(() => vi.restoreAllMocks());

/** The delivered body signed afresh, as the relay signs a new event: another webhook-id, now (or at `atMs`). */
let signedCount = 0;
function signedWith(secrets: string[], atMs = Date.now()): ReceivedRequest {
  const at = Math.floor(atMs / 1000);
  const id = `evt_signed${++signedCount}`;
  return tampered(delivered.body, { 'webhook-id': id, 'webhook-timestamp': String(at), 'webhook-signature': signatureHeader(secrets, id, at, delivered.body) });
}

/** Runs perform on a post and returns its items and what the app logged. */
async function perform(request: ReceivedRequest, data: Record<string, unknown> = subscribeData): Promise<{ items: Item[]; logged: string }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  const items = await run<Item[]>(trigger.perform, hookBundle(request, { authData, subscribeData: data }));
  return { items, logged: log.mock.calls.map((call) => call.join(' ')).join('\n') };
}

/** The delivered request with another body and/or headers, as a forger would send it. */
function tampered(body: string, headers: Record<string, string> = {}, drop: string[] = []): ReceivedRequest {
  const kept = Object.fromEntries(Object.entries(delivered.headers).filter(([name]) => !drop.includes(name)));
  return { ...delivered, body, headers: { ...kept, ...headers, 'content-length': String(Buffer.byteLength(body)) } };
}

describe('signed hooks', () => {
  it('the relay’s own signed post gives the item', async () => {
    const { items } = await perform(delivered);
    expect(items).toEqual([expect.objectContaining({ id: delivered.headers['webhook-id'], payment_id: 88, payment_total: 49 })]);
  });

  it('a post with no signature headers (anyone holding the hook URL) gives nothing, and says why', async () => {
    const { items, logged } = await perform(tampered(delivered.body, {}, ['webhook-id', 'webhook-timestamp', 'webhook-signature']));
    expect(items).toEqual([]);
    expect(logged).toMatch(/Ignored a post to this Zap's hook URL: it has no webhook-id, webhook-timestamp or webhook-signature header/);
  });

  it('a forged "Payment Received" signed with another secret gives nothing', async () => {
    const body = JSON.stringify({ ...payment, payment_id: 666, payment_total: '$ 9,999.00', payment_total_raw: 9999 });
    const now = Math.floor(Date.now() / 1000);
    const forged = tampered(body, { 'webhook-id': 'evt_forged', 'webhook-timestamp': String(now), 'webhook-signature': signatureHeader(['whsec_' + Buffer.alloc(32, 7).toString('base64')], 'evt_forged', now, body) });
    const { items, logged } = await perform(forged);
    expect(items).toEqual([]);
    expect(logged).toMatch(/signature does not match the subscription secret: a forged or altered post/);
  });

  it('the relay’s post with its body altered gives nothing', async () => {
    const { items, logged } = await perform(tampered(delivered.body.replace('"payment_id":88', '"payment_id":89')));
    expect(items).toEqual([]);
    expect(logged).toMatch(/forged or altered/);
  });

  it('a correctly signed post from more than five minutes ago (a replay) gives nothing', async () => {
    const old = Math.floor(Date.now() / 1000) - 600;
    const id = String(delivered.headers['webhook-id']);
    const replayed = tampered(delivered.body, { 'webhook-timestamp': String(old), 'webhook-signature': signatureHeader([subscribeData.secret], id, old, delivered.body) });
    const { items, logged } = await perform(replayed);
    expect(items).toEqual([]);
    expect(logged).toMatch(/signed 60\d s away from now \(more than 300 s\): a replayed or forged post/);
  });

  it('the same delivery replayed ten minutes later gives nothing', async () => {
    const later = Date.now() + 10 * 60_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const { items, logged } = await perform(delivered);
    expect(items).toEqual([]);
    expect(logged).toMatch(/replayed or forged/);
  });

  it('the same signed post twice inside the five-minute window runs the Zap once', async () => {
    await relay.ingest('payment_received', { ...payment, payment_id: 89 });
    const [fresh] = await zapHook.waitFor(2).then((posts) => posts.slice(1));
    expect((await perform(fresh)).items).toHaveLength(1);
    const replayed = await perform(fresh);
    expect(replayed.items).toEqual([]);
    expect(replayed.logged).toMatch(/already took it .*a replayed post/);
  });

  it('after the secret is rotated on the relay, perform checks with the current secret and still runs; once rotated out, the old one stops', async () => {
    const original = subscribeData.secret;
    const rotated = await (await relay.api(`/v1/webhooks/${subscribeData.id}/rotate-secret`, { method: 'POST' })).json();
    // During the overlap the relay signs with both, and lists both.
    expect((await perform(signedWith([rotated.secret, original]))).items).toHaveLength(1);
    expect((await perform(signedWith([original]))).items).toHaveLength(1);
    // Only the new one (a rotation without overlap): the list is read again once the cached one is a few seconds old.
    const later = Date.now() + secretsRecheckMs + 1000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    expect((await perform(signedWith([rotated.secret], later))).items).toHaveLength(1);
    // A Zap subscribed before secrets were kept has none stored: the relay's list is used.
    expect((await perform(signedWith([rotated.secret], later), { id: subscribeData.id })).items).toHaveLength(1);
    vi.restoreAllMocks();

    // Rotated again: the first secret is no longer listed, and the Zap refuses it once its cached list is gone.
    const again = await (await relay.api(`/v1/webhooks/${subscribeData.id}/rotate-secret`, { method: 'POST' })).json();
    forgetZapierCache();
    const refused = await perform(signedWith([original]));
    expect(refused.items).toEqual([]);
    expect(refused.logged).toMatch(/does not match the subscription secret/);
    expect((await perform(signedWith([again.secret, rotated.secret]))).items).toHaveLength(1);
    subscribeData = { ...subscribeData, secret: again.secret };
  });

  it('a previous secret stops at the end of its overlap, though the connector still holds the list naming it', async () => {
    const original = subscribeData.secret;
    const rotated = await (await relay.api(`/v1/webhooks/${subscribeData.id}/rotate-secret`, { method: 'POST' })).json();
    forgetZapierCache();
    // In the overlap: the list read now (and cached for a minute) holds both.
    expect((await perform(signedWith([original]))).items).toHaveLength(1);
    const afterOverlap = Date.parse(rotated.previous_secret_expires_at) + 1;
    vi.spyOn(Date, 'now').mockReturnValue(afterOverlap);
    const refused = await perform(signedWith([original], afterOverlap));
    expect(refused.items).toEqual([]);
    expect(refused.logged).toMatch(/does not match the subscription secret/);
    expect((await perform(signedWith([rotated.secret], afterOverlap))).items).toHaveLength(1);
    subscribeData = { ...subscribeData, secret: rotated.secret };
  });

  it('100 forged posts cost one look-up of the secrets at most, not one each', async () => {
    forgetZapierCache();
    vi.spyOn(Date, 'now').mockReturnValue(Date.now()); // one instant: no cached list gets old enough to be read again
    const lookups = vi.spyOn(relay.context.store, 'getWebhook');
    const forger = ['whsec_' + Buffer.alloc(32, 9).toString('base64')];
    for (let i = 0; i < 100; i++) expect((await perform(signedWith(forger))).items).toEqual([]);
    expect(lookups.mock.calls.length).toBe(1);
  });

  it('a post for a subscription the relay no longer has gives nothing', async () => {
    const other = await run<{ id: string; secret: string }>(trigger.performSubscribe, { authData, targetUrl: `${zapHook.url}?other` });
    expect((await relay.api(`/v1/webhooks/${other.id}`, { method: 'DELETE' })).status).toBe(204);
    const { items, logged } = await perform(signedWith([other.secret]), other);
    expect(items).toEqual([]);
    expect(logged).toMatch(/the relay no longer has this subscription/);
  });

  it('verifies the Standard Webhooks test vector', () => {
    const headers = { 'Http-Webhook-Id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'Http-Webhook-Timestamp': '1614265330', 'Http-Webhook-Signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const secrets = ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'];
    expect(checkSignature('{"test": 2432232314}', headers, secrets, 1614265330_000)).toEqual({ ok: true, webhookId: 'msg_p5jXN8AQM9LWM0D4loKWxJek' });
    expect(checkSignature('{"test": 2432232315}', headers, secrets, 1614265330_000)).toMatchObject({ ok: false });
  });
});
