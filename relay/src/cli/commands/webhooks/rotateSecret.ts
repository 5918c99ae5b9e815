/** `relay webhooks rotate-secret <id>`: a new signing secret; the old one keeps signing for the overlap. */
import { jsonOption, type CommandDefinition } from '../../commandDefinition.ts';
import { relativeTime } from '../../output/relativeTime.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookIdArgument, webhookPath } from './webhookJson.ts';

export const rotateSecret: CommandDefinition = {
  name: 'rotate-secret',
  summary: 'Replace the signing secret; deliveries carry both signatures for RELAY_SECRET_ROTATION_OVERLAP (24h)',
  positionals: [webhookIdArgument],
  options: { ...jsonOption },
  async run({ values, positionals, out, env }) {
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<{ secret: string; previous_secret_expires_at: string }>('POST', `${webhookPath(positionals[0])}/rotate-secret`);
    if (values.json) return void out.json(json);
    out.line(`new secret: ${json.secret}`);
    out.line(`the old secret keeps signing until ${json.previous_secret_expires_at} (${relativeTime(json.previous_secret_expires_at)}): update the receiver before then`);
  },
};
