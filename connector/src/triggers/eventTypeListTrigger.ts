/** Hidden helper trigger feeding the "Event" dropdown of "New Event (any type)", live from the relay. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { listEventTypes } from '../relay/eventTypes.js';

export const eventTypeListKey = 'event_type_list';

async function perform(z: ZObject, bundle: Bundle): Promise<{ id: string; name: string }[]> {
  const types = await listEventTypes(z, bundle);
  return types.map((type) => ({ id: type.slug, name: type.custom ? `${type.name} (add-on: ${type.slug})` : type.name }));
}

export const eventTypeListTrigger: Trigger = {
  key: eventTypeListKey,
  noun: 'Event Type',
  display: { label: 'Event Types', description: 'Lists the event types the relay knows, for the event dropdown.', hidden: true },
  operation: {
    perform,
    sample: { id: 'payment_received', name: 'Payment Received' },
    outputFields: [
      { key: 'id', label: 'Event Slug' },
      { key: 'name', label: 'Event Name' },
    ],
  },
};
