/** `relay webhooks redeliver <id> --since 2h`: queues every failed delivery of a webhook again. */
import { parseDuration } from '../../../config/duration.ts';
import { usageError } from '../../cliError.ts';
import { jsonOption, stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { webhookIdArgument, webhookPath } from './webhookJson.ts';

/** "2h" (that long ago) or an ISO date-time. */
function sinceMoment(text: string, now: number): number {
  if (/^\d+(\.\d+)?\s*(ms|s|m|h|d)$/.test(text.trim())) return now - parseDuration(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) throw usageError(`--since takes a duration back from now (30m, 2h, 3d) or a date-time (2026-11-29T10:00:00Z), not "${text}"`);
  return date;
}

export const redeliverWebhook: CommandDefinition = {
  name: 'redeliver',
  summary: 'Queue every failed (or cancelled) delivery of a webhook again, since a moment',
  positionals: [webhookIdArgument],
  options: {
    since: { type: 'string', valueName: '2h|ISO date', description: 'failed since this long ago or this date-time (default: 7d)' },
    ...jsonOption,
  },
  examples: ['relay webhooks enable wh_… && relay webhooks redeliver wh_… --since 1d'],
  async run({ values, positionals, out, env }) {
    const since = sinceMoment(stringOption(values, 'since') ?? '7d', Date.now());
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<{ requeued: number }>('POST', `${webhookPath(positionals[0])}/redeliver-failed`, { since: new Date(since).toISOString() });
    if (values.json) return void out.json(json);
    out.line(`${json.requeued} deliver${json.requeued === 1 ? 'y' : 'ies'} queued again (failed since ${new Date(since).toISOString()})`);
  },
};
