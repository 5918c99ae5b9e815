/** `relay emit <event> --sample | --file f.json | --data '{…}'`: posts an event as the host would. */
import fs from 'node:fs';
import { findEventType } from '../../../../shared/events/catalog.ts';
import { CliError, usageError } from '../cliError.ts';
import { stringOption, type CommandDefinition, type OptionValues } from '../commandDefinition.ts';
import { connectToRelay } from '../relayClient.ts';

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
  if (!known) throw usageError(`${slug} is not in the catalog, so it has no sample: give --file or --data`);
  if (values['plugin-test']) return JSON.stringify(known.sample);
  // --sample sends the catalog sample with real-looking ids, so it is fanned out (the plugin's exact sample is recorded as a test).
  const ids = Object.keys(known.sample).filter((key) => key.endsWith('_id')).map((key) => [key, Math.floor(Math.random() * 9000) + 1000]);
  return JSON.stringify({ ...known.sample, ...Object.fromEntries(ids) });
}

export const emit: CommandDefinition = {
  name: 'emit',
  summary: 'Post an event as Ultimate Multisite would (to /ingest/{token}/{event}, or the API with --api)',
  positionals: [{ name: 'event_slug', description: 'the event, e.g. payment_received', required: true }],
  options: {
    sample: { type: 'boolean', description: "the catalog's sample payload with fresh ids (fanned out to subscribers)" },
    'plugin-test': { type: 'boolean', description: "the plugin's exact sample (recorded as a test event, not fanned out)" },
    file: { type: 'string', valueName: 'payload.json', description: 'the payload from a JSON file' },
    data: { type: 'string', valueName: 'JSON', description: 'the payload inline' },
    api: { type: 'boolean', description: 'post to POST /v1/events instead of the ingest URL' },
    id: { type: 'string', valueName: 'key', description: 'idempotency key (with --api): the same id creates one event' },
    json: { type: 'boolean', description: "print the relay's JSON answer" },
  },
  examples: ['relay emit payment_received --sample', 'relay emit site_published --api --data \'{"site_id": 5}\' --id site-5'],
  async run({ values, positionals, out, env }) {
    const [slug] = positionals;
    const body = readBody(slug, values);
    const relay = await connectToRelay(env, out);
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
  },
};
