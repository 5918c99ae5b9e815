/** The one way tests subscribe a receiver: POST /v1/webhooks through a relay's authenticated `api`, expecting 201. */
import type { RelayApi } from './relayRequests.ts';

export interface Subscription {
  id: string;
  secret: string;
  url: string;
}

export async function subscribe(api: RelayApi, url: string, options: { event?: string; name?: string } = {}): Promise<Subscription> {
  const response = await api('/v1/webhooks', { method: 'POST', json: { name: options.name ?? 'Test subscriber', url, event: options.event ?? 'payment_received' } });
  if (response.status !== 201) throw new Error(`subscribing ${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Subscription;
}
