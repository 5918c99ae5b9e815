/** `relay keys`: prints the API key and the ingest URL of the relay the CLI talks to. */
import type { CommandDefinition } from '../commandDefinition.ts';
import { connectToRelay } from '../relayClient.ts';

export const keys: CommandDefinition = {
  name: 'keys',
  summary: 'Print the API key and the ingest URL to paste into Ultimate Multisite',
  options: { json: { type: 'boolean', description: 'print {api_key, ingest_url} as JSON' } },
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    const ingestUrl = `${relay.config.publicUrl ?? relay.baseUrl}/ingest/${relay.keys.ingestToken}/<event_slug>`;
    if (values.json) return void out.json({ api_key: relay.keys.apiKey, ingest_url: ingestUrl });
    out.line(`API key:     ${relay.keys.apiKey}\nIngest URL:  ${ingestUrl}`);
  },
};
