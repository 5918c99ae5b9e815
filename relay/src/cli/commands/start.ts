/** `relay start`: runs the relay until SIGTERM/SIGINT, then shuts down gracefully. */
import { loadConfig } from '../../config/config.ts';
import type { RelayKeys } from '../../relayKeys.ts';
import { startRelay } from '../../startRelay.ts';
import type { CommandDefinition } from '../commandDefinition.ts';
import type { Output } from '../output/output.ts';

/** Generated keys are shown once, as soon as they exist: a start that fails afterwards (port in use) still shows them. */
function showGeneratedKeys(out: Output, keys: RelayKeys, generated: (keyof RelayKeys)[], ingestBase: string): void {
  if (generated.includes('apiKey')) out.line(`API key (generated, keep it secret; "relay keys" prints it again): ${keys.apiKey}`);
  if (generated.includes('ingestToken')) out.line(`Ingest URL for Ultimate Multisite > Webhooks (generated): ${ingestBase}/ingest/${keys.ingestToken}/<event_slug>`);
}

export const start: CommandDefinition = {
  name: 'start',
  summary: 'Start the relay: API, ingest and web page on PORT, plus the delivery worker (RELAY_ROLE=api|worker to split)',
  examples: ['RELAY_ALLOW_PRIVATE_TARGETS=1 npm start        # local trial: deliveries to localhost allowed', 'PORT=9000 RELAY_DATA_DIR=/var/lib/um-relay npm start'],
  async run({ out, env }) {
    const config = loadConfig(env);
    const ingestBase = config.publicUrl ?? `http://localhost:${config.port}`;
    const relay = await startRelay(config, { onKeys: (keys, generated) => showGeneratedKeys(out, keys, generated, ingestBase) });
    const publicUrl = config.publicUrl ?? relay.url ?? '';
    if (relay.url) {
      out.line(`Relay "${config.name}" listening on ${relay.url} (store: ${relay.context.store.kind}${config.databaseUrl ? '' : `, ${config.dataDir}`})`);
      out.line(`  Web page: ${publicUrl}/ui (sign in with the API key)\n  API reference: ${publicUrl}/docs\n  Metrics: ${publicUrl}/metrics (Bearer API key)`);
    } else {
      out.line(`Relay worker started (store: ${relay.context.store.kind})`);
    }
    let signals = 0;
    const shutdown = (signal: string) => {
      if (++signals > 1) process.exit(1);
      out.line(`${signal}: stopping (finishing in-flight deliveries)…`);
      relay.stop().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
  },
};
