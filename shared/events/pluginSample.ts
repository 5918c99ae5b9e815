/**
 * Recognises the plugin's own "Send Test Event" payload, which is recorded as a test and never fanned out.
 *
 * The plugin builds every sample from mocked records: a customer "John McMocked" <mockeduser@dev.dev>, an
 * "Example Site", memberships and payments with id 0, the error code "example_error". Their reference codes,
 * URLs, product names and keys change between plugin versions (2.4.12's `PEN8DJ8GKM` is `JJJ3D44133` since), so
 * the rule looks at that mocked identity, never at exact values:
 *
 * 1. A payload naming a real record (a customer, membership, payment, domain, site or user id above 0, at the
 *    top level or in a nested `site`/`membership`/`customer`/`payment` object) is real. Every real event names
 *    the records it is about; no sample does.
 * 2. Otherwise it is a test when it carries a mocked identity marker.
 * 3. Otherwise (samples with no mocked person or site, e.g. checkout_started) it is a test when every field it
 *    shares with the catalog sample has the sample's value, leaving out what varies per network and version
 *    (URLs, reference codes, wu_version), and it has at least half of the sample's fields.
 */
import { findEventType, type Payload } from './catalog.ts';

/** Ids of the records an event is about; the plugin's mocked records have 0, null or none. */
const recordIdKeys = ['customer_id', 'membership_id', 'payment_id', 'domain_id', 'site_id', 'user_id', 'customer_user_id'];
/** Nested objects of the real (non-sample) shapes, e.g. demo_site_expiring's `site`, `membership`, `customer`. */
const recordObjectKeys = ['site', 'membership', 'customer', 'payment', 'domain'];

const mockedMarkers: Record<string, (value: unknown) => boolean> = {
  customer_name: (value) => value === 'John McMocked',
  customer_user_email: (value) => value === 'mockeduser@dev.dev',
  site_description: (value) => value === 'This is an example of a site description.',
  error_codes: (value) => Array.isArray(value) && value.includes('example_error'),
};

function isRealId(value: unknown): boolean {
  if (typeof value === 'number') return value > 0;
  if (typeof value === 'string') return /^\d+$/.test(value.trim()) && Number(value) > 0;
  return false;
}

function namesRealRecord(payload: Payload): boolean {
  if (recordIdKeys.some((key) => isRealId(payload[key]))) return true;
  return recordObjectKeys.some((key) => {
    const nested = payload[key];
    return typeof nested === 'object' && nested !== null && !Array.isArray(nested) && isRealId((nested as Payload).id);
  });
}

function carriesMockedIdentity(payload: Payload): boolean {
  return Object.entries(mockedMarkers).some(([key, isMocked]) => key in payload && isMocked(payload[key]));
}

/** Values the plugin fills in per network and per version: never part of what makes a sample a sample. */
function variesPerInstall(key: string, sampleValue: unknown): boolean {
  if (key === 'wu_version' || key.endsWith('_reference_code')) return true;
  return typeof sampleValue === 'string' && /https?:\/\//.test(sampleValue);
}

function matchesCatalogSample(slug: string, payload: Payload): boolean {
  const sample = findEventType(slug)?.sample;
  if (!sample) return false;
  const stableKeys = Object.keys(sample).filter((key) => !variesPerInstall(key, sample[key]));
  const shared = stableKeys.filter((key) => key in payload);
  if (shared.length === 0 || shared.length * 2 < stableKeys.length) return false;
  return shared.every((key) => JSON.stringify(sample[key]) === JSON.stringify(payload[key]));
}

export function isPluginSamplePayload(slug: string, payload: Payload): boolean {
  if (namesRealRecord(payload)) return false;
  return carriesMockedIdentity(payload) || matchesCatalogSample(slug, payload);
}
