/** `relay start`: runs the relay until SIGTERM/SIGINT, then shuts down gracefully. */
import { loadConfig } from '../../config/config.ts';
import { startRelay } from '../../startRelay.ts';
import type { Command } from './index.ts';

export const start: Command = {
  summary: 'Start the relay (API, ingest and web page on PORT, plus the delivery worker; RELAY_ROLE=api|worker to split)',
  async run() {
    const config = loadConfig();
    const relay = await startRelay(config);
    const publicUrl = config.publicUrl ?? relay.url ?? '';
    if (relay.url) {
      process.stdout.write(`Relay "${config.name}" listening on ${relay.url} (store: ${relay.context.store.kind}${config.databaseUrl ? '' : `, ${config.dataDir}`})\n`);
      process.stdout.write(`  Web page: ${publicUrl}/ui (sign in with the API key)\n  API reference: ${publicUrl}/docs\n`);
    }
    // Shown once, when generated; afterwards `npm run relay -- keys` prints them again from the store.
    if (relay.generatedKeys.includes('apiKey')) process.stdout.write(`  API key (generated, keep it secret): ${relay.keys.apiKey}\n`);
    if (relay.generatedKeys.includes('ingestToken')) {
      process.stdout.write(`  Ingest URL for Ultimate Multisite > Webhooks (generated): ${publicUrl}/ingest/${relay.keys.ingestToken}/<event_slug>\n`);
    }
    let signals = 0;
    const shutdown = (signal: string) => {
      if (++signals > 1) process.exit(1);
      process.stdout.write(`${signal}: stopping (finishing in-flight deliveries)…\n`);
      relay.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  },
};
