/**
 * What a live Ultimate Multisite network sent and answered (2.4.13-beta.1), and every event's 2.4.12 sample,
 * copied into test/fixtures/ so the tests never read outside the project.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const live = path.join(fixtures, 'ultimate-multisite-live');

export type JsonObject = Record<string, unknown>;

function readJsonDir(dir: string): Map<string, { body: string; payload: JsonObject }> {
  const entries = fs.readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  return new Map(entries.map((file) => {
    const body = fs.readFileSync(path.join(dir, file), 'utf8');
    return [file.replace(/\.json$/, ''), { body, payload: JSON.parse(body) as JsonObject }];
  }));
}

/** events/: real events raised by the plugin's own code, exact bodies. */
export const liveRealEvents = readJsonDir(path.join(live, 'events'));
/** send-test-event/: what the plugin's "Send Test Event" button POSTs today. */
export const liveTestEvents = readJsonDir(path.join(live, 'send-test-event'));
/** rest-api/: the plugin REST API's exact answers. */
export const liveRestApi = readJsonDir(path.join(live, 'rest-api'));
/**
 * rest-api/models/: its answers on the model routes and /register, recorded from the requests the relay makes
 * (test/live/pluginDoubleAgreement.test.ts sends the same to the live plugin and the double, and compares).
 */
export const liveModelAnswers = readJsonDir(path.join(live, 'rest-api', 'models'));

interface ReleasedEventType { slug: string; since: string; sample: JsonObject }
/** All 23 event types with the sample 2.4.12 sends on "Send Test Event". */
export const samples2412: ReleasedEventType[] = (
  JSON.parse(fs.readFileSync(path.join(fixtures, 'ultimate-multisite-2.4.12-events.json'), 'utf8')) as { events: ReleasedEventType[] }
).events;
