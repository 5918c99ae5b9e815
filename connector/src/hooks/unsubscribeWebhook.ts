/** performUnsubscribe: deletes the Zap's relay webhook; one already gone counts as done. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { relayRequest } from '../relay/relayRequest.js';

export async function unsubscribeWebhook(z: ZObject, bundle: Bundle): Promise<{ id: string; deleted: boolean }> {
  const id = bundle.subscribeData?.id;
  // Without an id there is nothing of ours to delete; failing would leave the Zap impossible to turn off.
  if (!id) return { id: '', deleted: false };
  const { status } = await relayRequest(z, bundle, { method: 'DELETE', path: `/v1/webhooks/${encodeURIComponent(id)}`, accept: [404] });
  return { id, deleted: status !== 404 };
}
