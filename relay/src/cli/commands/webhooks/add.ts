/** `relay webhooks add`: subscribes a URL to an event. */
import { usageError } from '../../cliError.ts';
import { stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { eventsOption, rateLimitFrom, rateLimitOptionDefinition, printWebhook, type WebhookJson } from './webhookJson.ts';

export const addWebhook: CommandDefinition = {
  name: 'add',
  summary: 'Subscribe a URL to an event; prints its signing secret',
  options: {
    name: { type: 'string', valueName: 'name', description: 'shown in lists (at least 2 characters)' },
    url: { type: 'string', valueName: 'url', description: 'http(s) URL that receives the events' },
    event: { type: 'string', valueName: 'slug[,slug…]', description: 'event slug, e.g. payment_received; several separated by commas; or * for every event' },
    integration: { type: 'string', valueName: 'label', description: 'who made it (default: manual)' },
    active: { type: 'string', valueName: 'true|false', description: 'false creates it disabled (default: true)' },
    'rate-limit': rateLimitOptionDefinition,
    custom: { type: 'boolean', description: "the event is an add-on's the relay does not know yet, on purpose (unknown slugs are refused as typos otherwise)" },
    json: { type: 'boolean', description: "print the relay's JSON answer" },
  },
  examples: ['relay webhooks add --name "My endpoint" --url https://example.com/hook --event payment_received', 'relay webhooks add --name "Payments" --url https://example.com/hook --event payment_received,payment_failed'],
  async run({ values, out, env }) {
    const missing = ['name', 'url', 'event'].filter((name) => stringOption(values, name) === undefined);
    if (missing.length) throw usageError(`webhooks add needs ${missing.map((name) => `--${name}`).join(', ')}; see "relay webhooks add --help"`);
    const active = stringOption(values, 'active');
    if (active !== undefined && active !== 'true' && active !== 'false') throw usageError(`--active must be true or false, not "${active}"`);
    const integration = stringOption(values, 'integration');
    const body = {
      ...rateLimitFrom(stringOption(values, 'rate-limit')),
      name: values.name, url: values.url, ...eventsOption(String(values.event)),
      ...(integration ? { integration } : {}),
      ...(active !== undefined ? { active: active === 'true' } : {}),
      ...(values.custom === true ? { custom: true } : {}),
    };
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<WebhookJson>('POST', '/v1/webhooks', body);
    if (values.json) return void out.json(json);
    printWebhook(out, json);
  },
};
