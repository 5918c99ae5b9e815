/** "New Event (any type)": the event is picked from a dropdown filled by the relay, so add-on event types work too. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { findCatalogEvent, type Payload } from '../catalog/eventCatalog.js';
import { fieldLabel } from '../catalog/fieldLabel.js';
import { eventItem, sampleEventId } from '../items/eventItem.js';
import { outputFieldsFor, type OutputField } from '../items/outputFields.js';
import { listEventTypes } from '../relay/eventTypes.js';
import { eventTypeListKey } from './eventTypeListTrigger.js';
import { hookFunctions } from './hookOperation.js';

function chosenSlug(bundle: Bundle): string {
  const slug = bundle.inputData.event;
  if (typeof slug !== 'string' || !slug) throw new Error('Choose an event type first.');
  return slug;
}

/** A catalog event's sample is known here; an add-on's comes from the latest one the relay received. */
async function samplePayload(z: ZObject, bundle: Bundle): Promise<Payload> {
  const slug = chosenSlug(bundle);
  const known = findCatalogEvent(slug);
  if (known) return known.sample;
  const type = (await listEventTypes(z, bundle)).find((candidate) => candidate.slug === slug);
  return type?.sample ?? {};
}

async function eventName(_z: ZObject, bundle: Bundle): Promise<string> {
  const slug = chosenSlug(bundle);
  return findCatalogEvent(slug)?.name ?? fieldLabel(slug);
}

/** Fields of the chosen type, so they can be mapped before a first event arrives. */
async function chosenTypeFields(z: ZObject, bundle: Bundle): Promise<OutputField[]> {
  if (typeof bundle.inputData.event !== 'string' || !bundle.inputData.event) return [];
  return outputFieldsFor(bundle.inputData.event, await samplePayload(z, bundle));
}

export const anyEventTrigger: Trigger = {
  key: 'any_event',
  noun: 'Event',
  display: {
    label: 'New Event (any type)',
    description: 'Triggers when Ultimate Multisite sends an event of the type you pick, including event types that add-ons define.',
  },
  operation: {
    type: 'hook',
    inputFields: [
      {
        key: 'event',
        label: 'Event',
        required: true,
        dynamic: `${eventTypeListKey}.id.name`,
        altersDynamicFields: true,
        helpText: 'The list comes from your relay: add-on event types appear once the relay has received one.',
      },
    ],
    ...hookFunctions({ slug: chosenSlug, name: eventName, samplePayload }),
    sample: eventItem(sampleEventId('payment_received'), 'payment_received', findCatalogEvent('payment_received')?.sample ?? {}),
    outputFields: [
      { key: 'id', label: 'Event ID', type: 'string' },
      { key: 'event', label: 'Event Type', type: 'string' },
      chosenTypeFields,
    ],
  },
};
