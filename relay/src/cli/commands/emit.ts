/** `relay emit <event> --sample | --file f.json | --data '{…}'`: posts an event as the host would. */
import fs from 'node:fs';
import { findEventType } from '../../../../shared/events/catalog.ts';
import { CliError } from '../cliError.ts';
import { parseArgs } from '../options.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

export const emit: Command = {
  summary: 'Post an event as Ultimate Multisite would: emit <event_slug> (--sample | --file payload.json | --data JSON) [--api] [--id key]',
  async run(args) {
    const { positional, options } = parseArgs(args);
    const slug = positional[0];
    if (!slug) throw new CliError('name the event, e.g. emit payment_received --sample', 2);
    let body: string;
    if (typeof options.file === 'string') body = fs.readFileSync(options.file, 'utf8');
    else if (typeof options.data === 'string') body = options.data;
    else {
      const known = findEventType(slug);
      if (!known) throw new CliError(`${slug} is not in the catalog, so it has no sample: give --file or --data`, 2);
      // --sample sends the catalog sample with a real-looking id, so it is fanned out (the plugin's exact sample is recorded as a test).
      const realistic = { ...known.sample, ...Object.fromEntries(Object.keys(known.sample).filter((key) => key.endsWith('_id')).map((key) => [key, Math.floor(Math.random() * 9000) + 1000])) };
      body = JSON.stringify(options['plugin-test'] ? known.sample : realistic);
    }
    const relay = await connectToRelay();
    const result = options.api
      ? await relay.request('POST', '/v1/events', { event: slug, payload: JSON.parse(body), ...(typeof options.id === 'string' ? { id: options.id } : {}) })
      : await relay.request('POST', `/ingest/${relay.keys.ingestToken}/${slug}`, body);
    process.stdout.write(JSON.stringify(result.json, null, 2) + '\n');
  },
};
