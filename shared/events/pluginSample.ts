/** Recognises the plugin's own "Send Test Event" payload, which is recorded as a test and never fanned out. */
import { findEventType, type Payload } from './catalog.ts';

const mockedEmail = 'mockeduser@dev.dev';

/**
 * The plugin's sample has the catalog sample's exact keys and values, except for values that carry the
 * network's own URL and the plugin version. Unknown (add-on) events are recognised by the mocked customer.
 */
export function isPluginSamplePayload(slug: string, payload: Payload): boolean {
  const eventType = findEventType(slug);
  if (!eventType) return payload.customer_user_email === mockedEmail;
  const sampleKeys = Object.keys(eventType.sample);
  if (sampleKeys.length !== Object.keys(payload).length) return false;
  return sampleKeys.every((key) => {
    if (!(key in payload)) return false;
    const expected = eventType.sample[key];
    const actual = payload[key];
    if (key === 'wu_version') return true;
    if (typeof expected === 'string' && /https?:\/\//.test(expected)) return typeof actual === 'string';
    return JSON.stringify(expected) === JSON.stringify(actual);
  });
}
