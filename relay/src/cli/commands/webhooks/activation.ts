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
      const { json } = await relay.request<WebhookJson>('PATCH', webhookPath(positionals[0]), { active });
      if (values.json) return void out.json(json);
      out.line(`${json.id} (${json.name}) ${active ? 'enabled' : 'disabled'}`);
    },
  };
}

export const enableWebhook = activation(true);
export const disableWebhook = activation(false);
