/** The body every scenario posts: the plugin's real Payment Received sample, made a real event by its payment id. */
import { findEventType } from '../shared/events/catalog.ts';

export const benchEvent = 'payment_received';

const sample = findEventType(benchEvent)!.sample;
// The exact sample is the plugin's "Send Test Event" (stored, never fanned out); a distinct payment id and
// customer make each body a real payment, the same size give or take a few digits.
const [head, tail] = JSON.stringify({ ...sample, payment_id: 0x5eed, customer_user_email: 'bench@example.com' }).split(String(0x5eed));

/** Payment Received body number `n` (≈ 2.5 KB). */
export function paymentReceivedBody(n: number): string {
  return head + (n + 1) + tail;
}
