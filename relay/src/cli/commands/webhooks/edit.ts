/** `relay webhooks edit <id> --name/--url/--event`: changes a webhook. */
import { usageError } from '../../cliError.ts';
import { stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { eventsOption, rateLimitFrom, rateLimitOptionDefinition, printWebhook, webhookIdArgument, webhookPath, type WebhookJson } from './webhookJson.ts';

const editable = ['name', 'url', 'event', 'integration'] as const;

export const editWebhook: CommandDefinition = {
  name: 'edit',
  summary: "Change a webhook's name, URL, event, integration label or rate limit",
  positionals: [webhookIdArgument],
  options: {
    name: { type: 'string', valueName: 'name', description: 'new name' },
    url: { type: 'string', valueName: 'url', description: 'new receiving URL' },
    event: { type: 'string', valueName: 'slug[,slug…]', description: 'new event slug, several separated by commas (or *)' },
    integration: { type: 'string', valueName: 'label', description: 'new integration label' },
    'rate-limit': rateLimitOptionDefinition,
    custom: { type: 'boolean', description: "with --event: an add-on's event the relay does not know yet, on purpose" },
    json: { type: 'boolean', description: "print the relay's JSON answer" },
  },
  examples: ['relay webhooks edit wh_… --url https://example.com/new-hook'],
  async run({ values, positionals, out, env }) {
    const patch = Object.fromEntries(editable.flatMap((field) => (stringOption(values, field) === undefined ? [] : [[field, stringOption(values, field)]])));
    const rateLimit = rateLimitFrom(stringOption(values, 'rate-limit'));
    if (Object.keys(patch).length === 0 && Object.keys(rateLimit).length === 0) throw usageError(`say what to change: ${[...editable, 'rate-limit'].map((field) => `--${field}`).join(', ')}`);
    const { event, ...rest } = patch;
    const body = { ...rest, ...rateLimit, ...(event === undefined ? {} : eventsOption(String(event))), ...(values.custom === true ? { custom: true } : {}) };
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<WebhookJson>('PATCH', webhookPath(positionals[0]), body);
    if (values.json) return void out.json(json);
    printWebhook(out, json);
  },
};
