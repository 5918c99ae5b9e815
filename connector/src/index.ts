/**
 * The Zapier app: the relay connection, one REST-hook trigger per event the plugin sends, and "New Event"; actions
 * and searches on the network (through the relay's /v1/network routes), with their hidden dropdown triggers.
 */
import { readFileSync } from 'node:fs';
import { version as platformVersion, type App, type Create, type Search, type SearchOrCreate, type Trigger } from 'zapier-platform-core';
import { authentication } from './authentication.js';
import { catalogEvents } from './catalog/eventCatalog.js';
import { createCustomer } from './creates/createCustomer.js';
import { createMembership } from './creates/createMembership.js';
import { registerAccount } from './creates/registerAccount.js';
import { updateMembership } from './creates/updateMembership.js';
import { findCustomer } from './searches/findCustomer.js';
import { findMembership } from './searches/findMembership.js';
import { findPayment } from './searches/findPayment.js';
import { customerListTrigger } from './triggers/customerListTrigger.js';
import { planListTrigger, productListTrigger } from './triggers/productListTriggers.js';
import { siteListTrigger } from './triggers/siteListTrigger.js';
import { triggerCopy } from './catalog/triggerCopy.js';
import { anyEventTrigger } from './triggers/anyEventTrigger.js';
import { eventTrigger } from './triggers/eventTrigger.js';
import { eventTypeListTrigger } from './triggers/eventTypeListTrigger.js';

// Read, not imported: package.json sits outside src/, and the app version must be the published one.
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

// Only events a stock network POSTs get a trigger: one it never sends could never run a Zap (Zapier's live checks).
const eventTriggers = catalogEvents.filter((event) => event.canFire && triggerCopy[event.slug]).map((event) => eventTrigger(event, triggerCopy[event.slug]));

const dropdownTriggers = [eventTypeListTrigger, planListTrigger, productListTrigger, customerListTrigger, siteListTrigger];
const triggers = Object.fromEntries([...eventTriggers, anyEventTrigger, ...dropdownTriggers].map((trigger) => [trigger.key, trigger]));
const creates = Object.fromEntries([createCustomer, createMembership, registerAccount, updateMembership].map((create) => [create.key, create]));
const searches = Object.fromEntries([findCustomer, findMembership, findPayment].map((search) => [search.key, search]));

const app: App<Record<string, Trigger>, Record<string, Create>, Record<string, Search>> & { searchOrCreates: Record<string, SearchOrCreate> } = {
  version,
  platformVersion,
  authentication,
  triggers,
  creates,
  searches,
  // Zapier's convention: the search-or-create's key is its search's key.
  searchOrCreates: {
    [findCustomer.key]: {
      key: findCustomer.key,
      display: { label: 'Find or Create Customer', description: 'Finds a customer by e-mail address or username, or creates one.' },
      search: findCustomer.key,
      create: createCustomer.key,
    },
  },
  // Every call goes through z.request, which Zapier logs already. Zapier's global http patch would add nothing,
  // and it mangles http.request(url, options, callback) calls of other code in the same process (the relay in tests).
  flags: { skipHttpPatch: true },
};

export default app;
