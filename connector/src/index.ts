/** The Zapier app: the relay connection, one REST-hook trigger per event the plugin sends, and "New Event". */
import { readFileSync } from 'node:fs';
import { version as platformVersion, type App, type Trigger } from 'zapier-platform-core';
import { authentication } from './authentication.js';
import { catalogEvents } from './catalog/eventCatalog.js';
import { triggerCopy } from './catalog/triggerCopy.js';
import { anyEventTrigger } from './triggers/anyEventTrigger.js';
import { eventTrigger } from './triggers/eventTrigger.js';
import { eventTypeListTrigger } from './triggers/eventTypeListTrigger.js';

// Read, not imported: package.json sits outside src/, and the app version must be the published one.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// Only events a stock network POSTs get a trigger: one it never sends could never run a Zap (Zapier's live checks).
const eventTriggers = catalogEvents.filter((event) => event.canFire && triggerCopy[event.slug]).map((event) => eventTrigger(event, triggerCopy[event.slug]));

const triggers = Object.fromEntries([...eventTriggers, anyEventTrigger, eventTypeListTrigger].map((trigger) => [trigger.key, trigger]));

const app: App<Record<string, Trigger>> = {
  version,
  platformVersion,
  authentication,
  triggers,
  // Every call goes through z.request, which Zapier logs already. Zapier's global http patch would add nothing,
  // and it mangles http.request(url, options, callback) calls of other code in the same process (the relay in tests).
  flags: { skipHttpPatch: true },
};

export default app;
