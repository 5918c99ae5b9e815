/** `relay deliveries <webhook id>`: the delivery log of a webhook, each attempt on its own line. */
import { CliError } from '../cliError.ts';
import { parseArgs } from '../options.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

interface DeliveryJson {
  id: string;
  event_id: string;
  event: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  attempt_log: { started_at: string; trigger: string; status_code: number | null; duration_ms: number; error: string | null }[];
}

export const deliveries: Command = {
  summary: 'Show deliveries of a webhook: deliveries <webhook id> [--status failed] [--retry <delivery id>]',
  async run(args) {
    const { positional, options } = parseArgs(args);
    const relay = await connectToRelay();
    if (typeof options.retry === 'string') {
      const { json } = await relay.request('POST', `/v1/deliveries/${encodeURIComponent(options.retry)}/retry`);
      return void process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    }
    const id = positional[0];
    if (!id) throw new CliError('name the webhook: deliveries <webhook id>', 2);
    const query = new URLSearchParams({ limit: '50', ...(typeof options.status === 'string' ? { status: options.status } : {}) });
    const { json } = await relay.request('GET', `/v1/webhooks/${encodeURIComponent(id)}/deliveries?${query}`);
    for (const delivery of (json as { data: DeliveryJson[] }).data) {
      process.stdout.write(`${delivery.id}  ${delivery.event} ${delivery.event_id}  ${delivery.status}${delivery.next_attempt_at ? ` (next ${delivery.next_attempt_at})` : ''}\n`);
      for (const attempt of delivery.attempt_log) {
        process.stdout.write(`    ${attempt.started_at} ${attempt.trigger.padEnd(9)} ${attempt.status_code ?? '---'} ${String(attempt.duration_ms).padStart(5)} ms ${attempt.error ?? ''}\n`);
      }
    }
  },
};
