/** `relay keys`: prints the API key and the ingest URL (from the environment or the store). */
import { loadConfig } from '../../config/config.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

export const keys: Command = {
  summary: 'Print the API key and the ingest URL to paste into Ultimate Multisite',
  async run() {
    const relay = await connectToRelay();
    const base = loadConfig().publicUrl ?? relay.baseUrl;
    process.stdout.write(`API key:     ${relay.keys.apiKey}\nIngest URL:  ${base}/ingest/${relay.keys.ingestToken}/<event_slug>\n`);
  },
};
