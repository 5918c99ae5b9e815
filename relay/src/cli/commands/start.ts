/** `relay start`: runs the relay until SIGTERM/SIGINT, then shuts down gracefully. */
import { loadConfig } from '../../config/config.ts';
import { describeListening, localUrl } from '../../config/listenAddress.ts';
import type { RelayKeys } from '../../relayKeys.ts';
import { startRelay } from '../../startRelay.ts';
import type { CommandDefinition } from '../commandDefinition.ts';
import type { Output } from '../output/output.ts';

const keysCommand = 'npm run relay -- keys';

/**
 * Generated keys are shown once, as soon as they exist: a start that fails afterwards (port in use) still shows
 * them. The ingest URL waits for the listening port when PORT=0 leaves it unknown until then.
 */
function showGeneratedKey(out: Output, keys: RelayKeys, generated: (keyof RelayKeys)[]): void {
  if (generated.includes('apiKey')) out.line(`API key (generated, keep it secret; "${keysCommand}" prints it again): ${keys.apiKey}`);
}
function showGeneratedIngestUrl(out: Output, keys: RelayKeys, generated: (keyof RelayKeys)[], base: string): void {
  if (generated.includes('ingestToken')) out.line(`Ingest URL for Ultimate Multisite > Webhooks (generated): ${base}/ingest/${keys.ingestToken}/<event_slug>`);
}

export const start: CommandDefinition = {
  name: 'start',
  summary: 'Start the relay: API, ingest and web page on PORT, plus the delivery worker (RELAY_ROLE=api|worker to split)',
  examples: ['RELAY_ALLOW_PRIVATE_TARGETS=1 npm start        # local trial: deliveries to localhost allowed', 'PORT=9000 RELAY_DATA_DIR=/var/lib/um-relay npm start'],
  async run({ out, env }) {
    const config = loadConfig(env);
    const knownBase = config.publicUrl ?? (config.port === 0 ? null : localUrl(config.host, config.port));
    let generated: (keyof RelayKeys)[] = [];
    const relay = await startRelay(config, {
      onKeys: (keys, fresh) => {
        generated = fresh;
        showGeneratedKey(out, keys, generated);
        if (knownBase) showGeneratedIngestUrl(out, keys, generated, knownBase);
      },
    });
    if (!knownBase && relay.url) showGeneratedIngestUrl(out, relay.keys, generated, relay.url);
    if (relay.url && relay.port !== null) {
      const publicUrl = config.publicUrl ?? relay.url;
      out.line(`Relay "${config.name}" listening on ${describeListening(config.host, relay.port)} (store: ${relay.context.store.kind}${config.databaseUrl ? '' : `, ${config.dataDir}`})`);
      out.line(config.publicUrl
        ? `  Public URL: ${publicUrl} (RELAY_PUBLIC_URL)`
        : `  Public URL: ${publicUrl} (set RELAY_PUBLIC_URL to the address your network reaches the relay at)`);
      out.line(`  Web page: ${publicUrl}/ui (sign in with the API key)\n  API reference: ${publicUrl}/docs\n  Metrics: ${publicUrl}/metrics (Bearer API key)`);
      if (generated.length === 0) out.line(`  API key and ingest URL: ${keysCommand}`);
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
