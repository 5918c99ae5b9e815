/** The trigger factory: one REST-hook trigger for one catalog event, everything taken from the catalog entry. */
import type { Trigger } from 'zapier-platform-core';
import type { CatalogEvent } from '../catalog/eventCatalog.js';
import { eventItem, sampleEventId } from '../items/eventItem.js';
import { outputFieldsFor } from '../items/outputFields.js';
import { hookFunctions } from './hookOperation.js';

function description(event: CatalogEvent): string {
  const text = `Triggers when Ultimate Multisite sends "${event.name}": ${event.description}`;
  // Users should not wait for an event that a stock plugin never posts.
  return event.canFire ? text : `${text} The plugin only logs this event; it reaches the relay when your host posts it.`;
}

export function eventTrigger(event: CatalogEvent): Trigger {
  return {
    key: event.slug,
    noun: event.name,
    display: { label: event.name, description: description(event) },
    operation: {
      type: 'hook',
      ...hookFunctions({
        slug: () => event.slug,
        name: async () => event.name,
        samplePayload: async () => event.sample,
      }),
      sample: eventItem(sampleEventId(event.slug), event.slug, event.sample),
      outputFields: outputFieldsFor(event.slug, event.sample),
    },
  };
}
