/** "New Event": the event is picked from a dropdown filled by the relay, so add-on event types work too. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { findCatalogEvent, type Payload } from '../catalog/eventCatalog.js';
import { fieldLabel } from '../catalog/fieldLabel.js';
import { anyEventCopy, triggerCopy } from '../catalog/triggerCopy.js';
import type { EventItem } from '../items/eventItem.js';
import { outputFieldsFor, type OutputField } from '../items/outputFields.js';
import { listEventTypes } from '../relay/eventTypes.js';
import { sampleItem } from '../samples/sampleItem.js';
import { eventTypeListKey } from './eventTypeListTrigger.js';
import { hookFunctions } from './hookOperation.js';
import { filterInputFields, type FilterInputField } from './triggerFilters.js';

const fixedFields: OutputField[] = [
  { key: 'id', label: 'Event ID', type: 'string' },
  { key: 'event', label: 'Event Type', type: 'string' },
];

function chosenSlug(bundle: Bundle): string {
  const slug = bundle.inputData.event;
  if (typeof slug !== 'string' || !slug) throw new Error('Choose an event type first.');
  return slug;
}

/** An add-on type's example is the latest payload the relay received of it (the catalog's types need none). */
async function addOnExample(z: ZObject, bundle: Bundle, slug: string): Promise<Payload | undefined> {
  if (findCatalogEvent(slug)) return undefined;
  return (await listEventTypes(z, bundle)).find((candidate) => candidate.slug === slug)?.sample ?? {};
}

async function sample(z: ZObject, bundle: Bundle): Promise<EventItem> {
  const slug = chosenSlug(bundle);
  return sampleItem(slug, await addOnExample(z, bundle, slug));
}

async function eventName(_z: ZObject, bundle: Bundle): Promise<string> {
  const slug = chosenSlug(bundle);
  return triggerCopy[slug]?.label ?? findCatalogEvent(slug)?.name ?? fieldLabel(slug);
}

/** The chosen type's fields (without id and event, listed once above), so they can be mapped before a first event. */
async function chosenTypeFields(z: ZObject, bundle: Bundle): Promise<OutputField[]> {
  if (typeof bundle.inputData.event !== 'string' || !bundle.inputData.event) return [];
  const slug = bundle.inputData.event;
  const fixedKeys = new Set(fixedFields.map((field) => field.key));
  return outputFieldsFor(slug, await addOnExample(z, bundle, slug)).filter((field) => !fixedKeys.has(field.key));
}

/** The chosen type's filters (payment status on a payment event…), as its own trigger offers them. */
async function chosenTypeFilters(z: ZObject, bundle: Bundle): Promise<FilterInputField[]> {
  if (typeof bundle.inputData.event !== 'string' || !bundle.inputData.event) return [];
  const slug = bundle.inputData.event;
  return filterInputFields(outputFieldsFor(slug, await addOnExample(z, bundle, slug)).map((field) => field.key));
}

export const anyEventTrigger: Trigger = {
  key: 'any_event',
  noun: anyEventCopy.noun,
  display: { label: anyEventCopy.label, description: anyEventCopy.description },
  operation: {
    type: 'hook',
    inputFields: [
      {
        key: 'event',
        label: 'Event Type',
        required: true,
        dynamic: `${eventTypeListKey}.id.name`,
        altersDynamicFields: true,
        helpText: 'The list comes from your relay: add-on event types appear once the relay has received one.',
      },
      chosenTypeFilters,
    ],
    ...hookFunctions({ slug: chosenSlug, name: eventName, sample }),
    // The item of the chosen type is shown by "Test trigger"; statically only what every event has.
    sample: { id: 'sample_event', event: 'payment_received' },
    outputFields: [...fixedFields, chosenTypeFields],
  },
};
