/** `relay webhooks show <id>`: one webhook, with its state and counts. */
import { jsonOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { printWebhook, webhookIdArgument, webhookPath, type WebhookJson } from './webhookJson.ts';

export const showWebhook: CommandDefinition = {
  name: 'show',
  summary: 'Show one webhook: URL, event, state, counts',
  positionals: [webhookIdArgument],
  options: { ...jsonOption },
  async run({ values, positionals, out, env }) {
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<WebhookJson>('GET', webhookPath(positionals[0]));
    if (values.json) return void out.json(json);
    printWebhook(out, json);
  },
};
