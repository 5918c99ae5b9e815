/** `relay deliveries <webhook id>`: the delivery log of a webhook, one row per attempt; `--retry <delivery id>` redelivers one. */
import { attemptOrigin, attemptResult } from '../../delivery/attemptWording.ts';
import type { AttemptTrigger } from '../../store/types.ts';
import { usageError } from '../cliError.ts';
import { jsonOption, stringOption, type CommandDefinition } from '../commandDefinition.ts';
import { relativeTime } from '../output/relativeTime.ts';
import { connectToRelay } from '../relayClient.ts';

interface DeliveryJson {
  id: string;
  event_id: string;
  event: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  attempt_log: { attempt_number: number; started_at: string; trigger: AttemptTrigger; status_code: number | null; duration_ms: number; error: string | null }[];
}

const statuses = ['pending', 'succeeded', 'failed', 'cancelled'];

export const deliveries: CommandDefinition = {
  name: 'deliveries',
  summary: "Show a webhook's deliveries, every attempt (time, status, duration, error); or redeliver one with --retry",
  positionals: [{ name: 'webhook id', description: 'the webhook whose deliveries to show (not needed with --retry)' }],
  options: {
    status: { type: 'string', valueName: statuses.join('|'), description: 'only deliveries in this state' },
    limit: { type: 'string', valueName: '1..100', description: 'how many deliveries, newest first (default 50)' },
    retry: { type: 'string', valueName: 'delivery id', description: 'redeliver this delivery now (any state)' },
    ...jsonOption,
  },
  examples: ['relay deliveries wh_… --status failed', 'relay deliveries --retry dlv_…'],
  async run({ values, positionals, out, env }) {
    const retry = stringOption(values, 'retry');
    const status = stringOption(values, 'status');
    if (status && !statuses.includes(status)) throw usageError(`--status must be one of ${statuses.join(', ')}, not "${status}"`);
    const [id] = positionals;
    if (!retry && !id) throw usageError('name the webhook: relay deliveries <webhook id> (its id is in "relay webhooks")');
    const relay = await connectToRelay(env, out);
    if (retry) {
      const { json } = await relay.request<DeliveryJson>('POST', `/v1/deliveries/${encodeURIComponent(retry)}/retry`);
      if (values.json) return void out.json(json);
      return void out.line(`${json.id} queued for redelivery now (${json.event} ${json.event_id})`);
    }
    const query = new URLSearchParams({ limit: stringOption(values, 'limit') ?? '50', ...(status ? { status } : {}) });
    const { json } = await relay.request<{ data: DeliveryJson[] }>('GET', `/v1/webhooks/${encodeURIComponent(id)}/deliveries?${query}`);
    if (values.json) return void out.json(json.data);
    if (json.data.length === 0) return void out.line(`No deliveries${status ? ` ${status}` : ''} for ${id} yet.`);
    const now = Date.now();
    const rows: string[][] = [];
    for (const delivery of json.data) {
      const next = delivery.next_attempt_at ? `next ${relativeTime(delivery.next_attempt_at, now)}` : '';
      if (delivery.attempt_log.length === 0) rows.push([delivery.id, delivery.event, delivery.event_id, delivery.status, '-', '', '', '', next]);
      for (const attempt of [...delivery.attempt_log].reverse()) {
        rows.push([
          delivery.id, delivery.event, delivery.event_id, delivery.status, `${attempt.attempt_number} ${attemptResult(attempt.status_code)}${attemptOrigin[attempt.trigger] ? ` (${attemptOrigin[attempt.trigger]})` : ''}`, relativeTime(attempt.started_at, now),
          attempt.status_code === null ? '---' : String(attempt.status_code), `${attempt.duration_ms} ms`, [attempt.error, next].filter(Boolean).join('; '),
        ]);
      }
    }
    out.table(['DELIVERY', 'EVENT', 'EVENT ID', 'STATUS', 'ATTEMPT', 'WHEN', 'HTTP', 'TOOK', 'ERROR / NEXT'], rows);
  },
};
