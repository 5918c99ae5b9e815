/** Starts one relay process: store, keys, HTTP server (api role), delivery worker (worker role). */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './api/createApp.ts';
import type { RelayConfig } from './config/config.ts';
import { DeliveryWorker } from './delivery/deliveryWorker.ts';
import { WebhookHttpClient } from './delivery/httpClient.ts';
import { RetryPolicy } from './delivery/retryPolicy.ts';
import { TargetGuard } from './delivery/targetGuard.ts';
import { createLogger, type Logger } from './logger.ts';
import type { RelayContext } from './relayContext.ts';
import { resolveKeys, type RelayKeys } from './relayKeys.ts';
import { openStore } from './store/openStore.ts';
import type { Store } from './store/store.ts';
import packageJson from '../../package.json' with { type: 'json' };

export const relayVersion = packageJson.version;

export interface RunningRelay {
  /** http://127.0.0.1:PORT of the API (null for a worker-only process). */
  url: string | null;
  port: number | null;
  keys: RelayKeys;
  /** Keys generated on this start (shown once to the person starting it). */
  generatedKeys: (keyof RelayKeys)[];
  context: RelayContext;
  worker: DeliveryWorker | null;
  /** Graceful: stop taking requests, let in-flight deliveries finish (or give their leases back), close the store. */
  stop(): Promise<void>;
}

export async function startRelay(config: RelayConfig, options: { log?: Logger; store?: Store } = {}): Promise<RunningRelay> {
  const log = options.log ?? createLogger(config.logLevel);
  const store = options.store ?? (await openStore(config));
  const { keys, generated } = await resolveKeys(store, config);
  const client = new WebhookHttpClient({
    guard: new TargetGuard({ allowPrivateTargets: config.allowPrivateTargets, allowedRanges: config.allowedTargetRanges }),
    timeoutMs: config.requestTimeoutMs,
    excerptBytes: config.responseExcerptBytes,
  });
  const policy = new RetryPolicy({
    schedule: config.retrySchedule,
    jitter: config.retryJitter,
    maxRetryAfterMs: config.maxRetryAfterMs,
    disableAfterFailingMs: config.disableAfterFailingMs,
  });

  const worker =
    config.role === 'api'
      ? null
      : new DeliveryWorker({
          store, client, policy, log,
          concurrency: config.deliveryConcurrency,
          maxInFlightPerWebhook: config.maxInFlightPerWebhook,
          leaseMs: config.leaseMs,
          pollIntervalMs: config.pollIntervalMs,
        });

  const context: RelayContext = {
    config, store, keys, client, policy, log,
    notifyWorker: () => worker?.notify(),
    now: Date.now,
    version: relayVersion,
  };

  let server: ServerType | null = null;
  let port: number | null = null;
  if (config.role !== 'worker') {
    const app = createApp(context);
    server = await new Promise<ServerType>((resolve) => {
      const started = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(started));
    });
    port = (server.address() as AddressInfo).port;
  }
  worker?.start();
  // Other processes' ingests (an api-only process, say) wake this worker through the store, where it can.
  const stopListening = worker ? store.onNewWork?.(() => worker.notify()) : undefined;
  log.info('relay started', { role: config.role, port, store: store.kind, worker: worker?.id });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      stopListening?.();
      await worker?.stop(Math.min(config.requestTimeoutMs, 10_000));
      client.close();
      await store.close();
      log.info('relay stopped');
    })());

  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return { url: port === null ? null : `http://${host}:${port}`, port, keys, generatedKeys: generated, context, worker, stop };
}
