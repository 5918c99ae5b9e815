/** `relay webhooks test <id>`: Send Test Event; the exit code says whether the receiver accepted it. */
import { jsonOption, stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay, type RelayClient } from '../../relayClient.ts';
import { webhookIdArgument, webhookPath } from './webhookJson.ts';

export interface TestResult {
  ok: boolean;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_excerpt: string | null;
}

/** Send Test Event: the sample of `event` (default: the webhook's), signed, to this webhook alone, now. */
export async function sendTestEvent(relay: RelayClient, webhookId: string, event?: string): Promise<TestResult> {
  return (await relay.request<TestResult>('POST', `${webhookPath(webhookId)}/test`, event ? { event } : {})).json;
}

export const testWebhook: CommandDefinition = {
  name: 'test',
  summary: "Send the event's sample, signed, to this webhook now; exits 1 unless the receiver answers 2xx",
  positionals: [webhookIdArgument],
  options: {
    event: { type: 'string', valueName: 'slug', description: "which sample to send (default: the webhook's event)" },
    ...jsonOption,
  },
  async run({ values, positionals, out, env }) {
    const relay = await connectToRelay(env, out);
    const event = stringOption(values, 'event');
    const json = await sendTestEvent(relay, positionals[0], event);
    if (values.json) out.json(json);
    else if (json.ok) out.line(`delivered: HTTP ${json.status_code} in ${json.duration_ms} ms`);
    else out.line(`failed: ${json.error ?? `HTTP ${json.status_code}`} after ${json.duration_ms} ms${json.response_excerpt ? `\nresponse: ${json.response_excerpt.slice(0, 300)}` : ''}`);
    return json.ok ? 0 : 1;
  },
};
