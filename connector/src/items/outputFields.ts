/** Output fields with a human label for every key an item of an event type has. */
import type { Payload } from '../catalog/eventCatalog.js';
import { fieldLabel } from '../catalog/fieldLabel.js';
import { eventItem } from './eventItem.js';

export interface OutputField {
  key: string;
  label: string;
  type?: 'string' | 'number' | 'boolean';
  list?: boolean;
}

const fixedLabels: Record<string, string> = { id: 'Event ID', event: 'Event Type', payload_id: 'Payload ID', payload_event: 'Payload Event' };

function fieldType(value: unknown): Pick<OutputField, 'type' | 'list'> {
  if (Array.isArray(value)) return { list: true };
  if (typeof value === 'number') return { type: 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  // null in a sample says nothing about the type; strings are the safe default for Zapier's mapping.
  return { type: 'string' };
}

export function outputFieldsFor(slug: string, samplePayload: Payload): OutputField[] {
  const item = eventItem('', slug, samplePayload);
  return Object.entries(item).map(([key, value]) => ({
    key,
    label: fixedLabels[key] ?? fieldLabel(key),
    ...(key === 'id' || key === 'event' ? { type: 'string' as const } : fieldType(value)),
  }));
}
