/** `relay webhooks list`: a table of webhooks with their state and delivery counts. */
import { jsonOption, stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { relativeTime } from '../../output/relativeTime.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookState, type WebhookJson } from './webhookJson.ts';

export const listWebhooks: CommandDefinition = {
  name: 'list',
  summary: 'List webhooks: state, deliveries delivered and given up, last success and failure',
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
    // GAVE UP counts deliveries that used every attempt: 0 beside "failing since" means retries are still under way,
    // and LAST FAILURE says when the receiver last refused.
    out.table(
      ['ID', 'NAME', 'EVENT', 'STATE', 'DELIVERED', 'GAVE UP', 'LAST SUCCESS', 'LAST FAILURE', 'URL'],
      json.data.map((webhook) => [
        webhook.id, webhook.name, (webhook.events ?? [webhook.event]).join(', '), webhookState(webhook, now), String(webhook.deliveries_succeeded), String(webhook.deliveries_failed),
        relativeTime(webhook.last_success_at, now), relativeTime(webhook.last_failure_at, now), webhook.url,
      ]),
    );
  },
};
