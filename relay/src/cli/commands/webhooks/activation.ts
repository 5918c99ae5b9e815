/** `relay webhooks enable|disable <id>`: a person switching a webhook on (clearing the relay's reason for turning it off) or off. */
import { jsonOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookIdArgument, webhookPath, type WebhookJson } from './webhookJson.ts';

function activation(active: boolean): CommandDefinition {
  return {
    name: active ? 'enable' : 'disable',
    summary: active
      ? 'Switch a webhook back on (after a 410 or a failing spell); then "redeliver" what failed'
      : 'Switch a webhook off: nothing is sent to it until it is enabled',
    positionals: [webhookIdArgument],
    options: { ...jsonOption },
    async run({ values, positionals, out, env }) {
      const relay = await connectToRelay(env, out);
      const { json } = await relay.request<WebhookJson & { redeliver?: { failed: number; at_least: boolean; since: string } }>('PATCH', webhookPath(positionals[0]), { active });
      if (values.json) return void out.json(json);
      out.line(`${json.id} (${json.name}) ${active ? 'enabled' : 'disabled'}`);
      const offer = json.redeliver;
      if (offer) {
        out.line(`${offer.at_least ? 'At least ' : ''}${offer.failed} ${offer.failed === 1 ? 'delivery' : 'deliveries'} failed while it was failing or off. Send them again with:\n  relay webhooks redeliver ${json.id} --since ${offer.since}`);
      }
    },
  };
}

export const enableWebhook = activation(true);
export const disableWebhook = activation(false);
