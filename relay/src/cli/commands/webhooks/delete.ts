/** `relay webhooks delete <id>`: removes a webhook and cancels its pending deliveries (their log stays). */
import type { CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookIdArgument, webhookPath } from './webhookJson.ts';

export const deleteWebhook: CommandDefinition = {
  name: 'delete',
  summary: 'Delete a webhook; its pending deliveries are cancelled',
  positionals: [webhookIdArgument],
  async run({ positionals, out, env }) {
    const relay = await connectToRelay(env, out);
    await relay.request('DELETE', webhookPath(positionals[0]));
    out.line(`deleted ${positionals[0]}`);
  },
};
