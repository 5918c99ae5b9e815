/** `relay webhooks list`: a table of webhooks with their state and delivery counts. */
import { jsonOption, stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { relativeTime } from '../../output/relativeTime.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookState, type WebhookJson } from './webhookJson.ts';

export const listWebhooks: CommandDefinition = {
  name: 'list',
  summary: 'List webhooks: state, deliveries, last success',
  options: {
    event: { type: 'string', valueName: 'slug', description: 'only webhooks of this event' },
    ...jsonOption,
  },
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    const event = stringOption(values, 'event');
    const query = new URLSearchParams({ limit: '100', ...(event ? { event } : {}) });
    const { json } = await relay.request<{ data: WebhookJson[] }>('GET', `/v1/webhooks?${query}`);
    if (values.json) return void out.json(json.data);
    if (json.data.length === 0) return void out.line('No webhooks yet: add one with "relay webhooks add --name … --url … --event payment_received".');
    const now = Date.now();
    out.table(
      ['ID', 'NAME', 'EVENT', 'STATE', 'DELIVERED', 'FAILED', 'LAST SUCCESS', 'URL'],
      json.data.map((webhook) => [
        webhook.id, webhook.name, (webhook.events ?? [webhook.event]).join(', '), webhookState(webhook, now), String(webhook.deliveries_succeeded), String(webhook.deliveries_failed),
        relativeTime(webhook.last_success_at, now), webhook.url,
      ]),
    );
  },
};
