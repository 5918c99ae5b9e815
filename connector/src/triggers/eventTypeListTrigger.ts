/** Hidden helper trigger feeding the "Event Type" dropdown of "New Event", live from the relay. */
import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { triggerCopy } from '../catalog/triggerCopy.js';
import { listEventTypes } from '../relay/eventTypes.js';

export const eventTypeListKey = 'event_type_list';

async function perform(z: ZObject, bundle: Bundle): Promise<{ id: string; name: string }[]> {
  const types = await listEventTypes(z, bundle);
  // Events a stock network sends first; the ones it only records stay choosable for hosts that post them.
  const ordered = [...types.filter((type) => type.can_fire !== false), ...types.filter((type) => type.can_fire === false)];
  return ordered.map((type) => ({
    id: type.slug,
    name: type.custom ? `${type.name} (add-on: ${type.slug})` : type.can_fire === false ? `${type.name} (not sent by a stock plugin)` : triggerCopy[type.slug]?.label ?? type.name,
  }));
}

export const eventTypeListTrigger: Trigger = {
  key: eventTypeListKey,
  noun: 'Event Type',
  display: { label: 'Event Types', description: 'Triggers when the Event Type dropdown opens: lists the event types your relay knows.', hidden: true },
  operation: {
    perform,
    sample: { id: 'payment_received', name: 'Payment Received' },
    outputFields: [
      { key: 'id', label: 'Event Slug', type: 'string' },
      { key: 'name', label: 'Event Name', type: 'string' },
    ],
  },
};
