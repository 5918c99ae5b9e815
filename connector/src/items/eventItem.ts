/**
 * One Zapier item per relay event, the same from a live hook (perform), from "Test trigger" (performList) and as
 * the static sample: `id` (the relay's event id, also the deliveries' webhook-id header, so the same event always
 * has the same id), `event` (its slug), then the payload's fields through the field rules (typed, labelled).
 * Keys the rules do not know (an add-on's, a newer plugin's) are kept as they came; a payload's own `id`/`event`
 * move to `payload_id`/`payload_event`.
 */
import { findCatalogEvent, type Payload } from '../catalog/eventCatalog.js';
import { fieldRules, type FieldRule, type ItemField, type MappingContext } from './fieldRules.js';
import { flattenNested, liveOnlyFields } from './nestedPayload.js';

export interface EventItem extends Payload {
  id: string;
  event: string;
}

const renamedPayloadKeys: Record<string, string> = { id: 'payload_id', event: 'payload_event' };

function renamed(payload: Payload): Payload {
  const out: Payload = {};
  for (const [key, value] of Object.entries(payload)) out[renamedPayloadKeys[key] ?? key] = value;
  return out;
}

interface EventShape {
  rules: FieldRule[];
  knownKeys: ReadonlySet<string>;
}

const catalogShapes = new Map<string, EventShape>();

function shapeOf(example: Payload): EventShape {
  const rules = fieldRules(example);
  return { rules, knownKeys: new Set(rules.flatMap((rule) => rule.reads)) };
}

/** A catalog event's shape comes from its sample; an add-on event's from the payload at hand. */
function eventShape(slug: string, payload: Payload): EventShape {
  const known = findCatalogEvent(slug);
  if (!known) return shapeOf(payload);
  let shape = catalogShapes.get(slug);
  if (!shape) {
    const example: Payload = renamed(known.sample);
    for (const key of liveOnlyFields(slug)) example[key] = null;
    shape = shapeOf(example);
    catalogShapes.set(slug, shape);
  }
  return shape;
}

export const defaultMappingContext: MappingContext = { timeZone: 'UTC' };

/**
 * `known`: values the relay knows of the records the event names (/v1/network/known), for the fields the payload
 * leaves empty; never over what the network sent.
 */
export function eventItem(id: string, slug: string, payload: Payload, context: MappingContext = defaultMappingContext, known: Payload = {}): EventItem {
  const shape = eventShape(slug, renamed(payload));
  const flat = flattenNested(renamed(payload), shape.knownKeys);
  for (const [key, value] of Object.entries(known)) if (shape.knownKeys.has(key) && (flat[key] === undefined || flat[key] === null || flat[key] === '')) flat[key] = value;
  const item: EventItem = { id, event: slug };
  for (const rule of shape.rules) Object.assign(item, rule.values(flat, context));
  for (const [key, value] of Object.entries(flat)) if (!shape.knownKeys.has(key) && !(key in item)) item[key] = value;
  return item;
}

/** Every field an item of this event type has, in order, labelled and typed (`example`: for an add-on type). */
export function eventItemFields(slug: string, example: Payload = {}): ItemField[] {
  const fixed: ItemField[] = [
    { key: 'id', label: 'Event ID', type: 'string' },
    { key: 'event', label: 'Event Type', type: 'string' },
  ];
  return [...fixed, ...eventShape(slug, renamed(example)).rules.flatMap((rule) => rule.fields)];
}

/** The id of a sample shown when the relay has no event of that type yet: stable, and never a real event's. */
export function sampleEventId(slug: string): string {
  return `sample_${slug}`;
}
