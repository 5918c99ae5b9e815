/** `relay event-types [--all]`: the events a webhook can be for; --all adds those the plugin never posts, marked. */
import { jsonOption, type CommandDefinition } from '../commandDefinition.ts';
import { connectToRelay } from '../relayClient.ts';

interface EventTypeJson {
  slug: string;
  name: string;
  custom: boolean;
  origin: 'catalog' | 'network' | 'received';
  plugin_delivery: 'posts' | 'records-only' | 'not-registered';
  plugin_delivery_since: string | null;
  can_fire: boolean;
}

function mark(type: EventTypeJson): string {
  if (!type.can_fire) {
    return type.plugin_delivery === 'records-only'
      ? `[never fires: the plugin only logs it, since ${type.plugin_delivery_since}]`
      : `[never fires: not registered by the plugin, ${type.plugin_delivery_since}]`;
  }
  if (type.origin === 'network') return '[add-on, registered by your network]';
  if (type.origin === 'received') return '[add-on, received here]';
  return '';
}

export const eventTypes: CommandDefinition = {
  name: 'event-types',
  summary: 'List the event types that can fire: a webhook is for one or several of them, or * for every event',
  options: {
    all: { type: 'boolean', description: 'also those the plugin never posts, marked' },
    ...jsonOption,
  },
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<{ data: EventTypeJson[] }>('GET', `/v1/event-types${values.all === true ? '?all=true' : ''}`);
    if (values.json) return void out.json(json.data);
    const width = Math.max(...json.data.map((type) => type.slug.length));
    for (const type of json.data) out.line(`${type.slug.padEnd(width)}  ${type.name}  ${mark(type)}`.trimEnd());
  },
};
