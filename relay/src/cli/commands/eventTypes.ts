/** `relay event-types [--all]`: the events a webhook can be for; --all adds those the plugin never posts, marked. */
import { parseArgs } from '../options.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

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

export const eventTypes: Command = {
  summary: 'List event types that can fire: event-types [--all] (--all: also those the plugin never posts, marked)',
  async run(args) {
    const { options } = parseArgs(args);
    const relay = await connectToRelay();
    const { json } = await relay.request('GET', `/v1/event-types${options.all === true ? '?all=true' : ''}`);
    const types = (json as { data: EventTypeJson[] }).data;
    const width = Math.max(...types.map((type) => type.slug.length));
    for (const type of types) process.stdout.write(`${type.slug.padEnd(width)}  ${type.name}  ${mark(type)}`.trimEnd() + '\n');
  },
};
