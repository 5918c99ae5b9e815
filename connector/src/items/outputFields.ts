/** Zapier output fields for an event type: every item field with its human label and its type. */
import type { Payload } from '../catalog/eventCatalog.js';
import { eventItemFields } from './eventItem.js';
import type { ItemFieldType } from './fieldRules.js';

export interface OutputField {
  key: string;
  label: string;
  type: ItemFieldType;
}

export function outputFieldsFor(slug: string, example?: Payload): OutputField[] {
  return eventItemFields(slug, example).map(({ key, label, type }) => ({ key, label, type }));
}
