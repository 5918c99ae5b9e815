/** The trigger factory: one REST-hook trigger for one catalog event, everything taken from the catalog entry and its copy. */
import type { Trigger } from 'zapier-platform-core';
import type { CatalogEvent } from '../catalog/eventCatalog.js';
import type { TriggerCopy } from '../catalog/triggerCopy.js';
import { outputFieldsFor } from '../items/outputFields.js';
import { sampleItem } from '../samples/sampleItem.js';
import { hookFunctions } from './hookOperation.js';
import { filterInputFields } from './triggerFilters.js';

export function eventTrigger(event: CatalogEvent, copy: TriggerCopy): Trigger {
  const outputFields = outputFieldsFor(event.slug);
  const sample = sampleItem(event.slug);
  return {
    key: event.slug,
    noun: copy.noun,
    display: { label: copy.label, description: copy.description },
    operation: {
      type: 'hook',
      inputFields: filterInputFields(outputFields.map((field) => field.key)),
      ...hookFunctions({
        slug: () => event.slug,
        name: async () => copy.label,
        sample: async () => sample,
      }),
      sample,
      outputFields,
    },
  };
}
