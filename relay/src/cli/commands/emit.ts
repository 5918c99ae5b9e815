/**
 * `relay emit <event> --sample | --file f.json | --data '{…}'`: posts an event as the host would.
 * `--sample --to <webhook id>`: the sample to that one webhook only, the Send Test Event way (signed, now, recorded
 * as a test): a made-up payload never reaches the other subscribers (a real spreadsheet, a CRM).
 */
import fs from 'node:fs';
import { findEventType } from '../../../../shared/events/catalog.ts';
import { CliError, usageError } from '../cliError.ts';
import { stringOption, type CommandDefinition, type OptionValues } from '../commandDefinition.ts';
import { closestMatch } from '../didYouMean.ts';
import { connectToRelay, type RelayClient } from '../relayClient.ts';
import { sendTestEvent } from './webhooks/test.ts';
import type { Output } from '../output/output.ts';

interface IngestResult {
  id: string;
  event: string;
  test: boolean;
  duplicate: boolean;
  deliveries: number;
}

function readBody(slug: string, values: OptionValues): string {
  const file = stringOption(values, 'file');
  const data = stringOption(values, 'data');
  const chosen = [file !== undefined, data !== undefined, values.sample === true, values['plugin-test'] === true].filter(Boolean).length;
  if (chosen !== 1) throw usageError('give exactly one of --sample, --plugin-test, --file payload.json or --data \'{"…": …}\'');
  if (file !== undefined) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read --file ${file} (${(error as NodeJS.ErrnoException).code}): give the path of a JSON file with the event's payload`);
    }
  }
  if (data !== undefined) return data;
  const known = findEventType(slug);
  if (!known) throw usageError(`${slug} is not in the catalog, so it has no sample: give --file or --data (or --to <webhook id>, which sends the sample your network registers)`);
  if (values['plugin-test']) return JSON.stringify(known.sample);
  // --sample sends the catalog sample with real-looking ids, so it is fanned out (the plugin's exact sample is recorded as a test).
  const ids = Object.keys(known.sample).filter((key) => key.endsWith('_id')).map((key) => [key, Math.floor(Math.random() * 9000) + 1000]);
  return JSON.stringify({ ...known.sample, ...Object.fromEntries(ids) });
}

/**
 * A slug nobody knows is refused as a typo, with the one meant: ingest takes any well-formed slug (add-ons
 * register their own), so `emit payment_recieved` would otherwise store an event no webhook is for.
 */
async function checkSlug(relay: RelayClient, slug: string): Promise<void> {
  const { json } = await relay.request<{ data: { slug: string }[] }>('GET', '/v1/event-types?all=true');
  const slugs = json.data.map((type) => type.slug);
  if (slugs.includes(slug)) return;
  const meant = closestMatch(slug, slugs);
  throw usageError(`unknown event "${slug}"${meant ? ` (did you mean ${meant}?)` : ''}: "relay event-types --all" lists them; --custom sends an add-on's event the relay has not seen yet`);
}

/** `--to`: the Send Test Event route, to that webhook alone; exit 1 unless it answered 2xx. */
async function sendToOne(relay: RelayClient, slug: string, webhookId: string, json: boolean, out: Output): Promise<number> {
  const result = await sendTestEvent(relay, webhookId, slug);
  if (json) out.json(result);
  else if (result.ok) out.line(`${slug} sample sent to ${webhookId} only: delivered, HTTP ${result.status_code} in ${result.duration_ms} ms (recorded as a test event)`);
  else out.line(`${slug} sample sent to ${webhookId} only: failed, ${result.error ?? `HTTP ${result.status_code}`} after ${result.duration_ms} ms`);
  return result.ok ? 0 : 1;
}

export const emit: CommandDefinition = {
  name: 'emit',
  summary: 'Post an event as Ultimate Multisite would (to /ingest/{token}/{event}, or the API with --api)',
  positionals: [{ name: 'event_slug', description: 'the event, e.g. payment_received', required: true }],
  options: {
    sample: { type: 'boolean', description: "the catalog's sample payload with fresh ids (fanned out to every subscriber; see --to)" },
    to: { type: 'string', valueName: 'webhook id', description: 'send the sample to this webhook only, signed, now (as Send Test Event; with --sample)' },
    custom: { type: 'boolean', description: "an add-on's event the relay does not know yet, on purpose (unknown slugs are refused as typos otherwise)" },
    'plugin-test': { type: 'boolean', description: "the plugin's exact sample (recorded as a test event, not fanned out)" },
    file: { type: 'string', valueName: 'payload.json', description: 'the payload from a JSON file' },
    data: { type: 'string', valueName: 'JSON', description: 'the payload inline' },
    api: { type: 'boolean', description: 'post to POST /v1/events instead of the ingest URL' },
    id: { type: 'string', valueName: 'key', description: 'idempotency key (with --api): the same id creates one event' },
    json: { type: 'boolean', description: "print the relay's JSON answer" },
  },
  examples: ['relay emit payment_received --sample --to wh_…     # one webhook only', 'relay emit site_published --api --data \'{"site_id": 5}\' --id site-5'],
  async run({ values, positionals, out, env }) {
    const [slug] = positionals;
    const to = stringOption(values, 'to');
    if (to !== undefined && values.sample !== true) throw usageError('--to sends the sample to one webhook: give it with --sample');
    const body = to === undefined ? readBody(slug, values) : '';
    const relay = await connectToRelay(env, out);
    if (values.custom !== true) await checkSlug(relay, slug);
    if (to !== undefined) return sendToOne(relay, slug, to, values.json === true, out);
    let result: { json: IngestResult };
    if (values.api) {
      let payload: unknown;
      try {
        payload = JSON.parse(body);
      } catch (error) {
        throw usageError(`the payload is not JSON (${(error as Error).message})`);
      }
      const id = stringOption(values, 'id');
      result = await relay.request<IngestResult>('POST', '/v1/events', { event: slug, payload, ...(id ? { id } : {}) });
    } else {
      result = await relay.request<IngestResult>('POST', `/ingest/${relay.keys.ingestToken}/${encodeURIComponent(slug)}`, body);
    }
    const event = result.json;
    if (values.json) return void out.json(event);
    const what = event.duplicate ? 'already stored (same id)' : event.test ? 'stored as a test event (not fanned out)' : `stored, ${event.deliveries} deliver${event.deliveries === 1 ? 'y' : 'ies'} queued`;
    out.line(`${event.id}  ${event.event}: ${what}`);
    if (values.sample === true && event.deliveries > 0) out.note(`note: a made-up sample went to every webhook subscribed to ${slug}; --to <webhook id> sends it to one only`);
  },
};
