/** Starts one relay process: store, keys, HTTP server (api role), delivery worker (worker role). */
import { createServer, STATUS_CODES, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { errorBody } from './api/apiError.ts';
import { createHttpApp } from './httpApp.ts';
import { configWarnings, type RelayConfig } from './config/config.ts';
import { localUrl } from './config/listenAddress.ts';
import { AttemptReporter } from './delivery/attemptReporter.ts';
import { WebhookAlerts } from './webhooks/webhookAlerts.ts';
import { RelayMetrics } from './metrics/relayMetrics.ts';
import { RateLimitedLog } from './rateLimitedLog.ts';
import { ensureDirectory } from './store/sqlite/dataDirectory.ts';
import { DataDirLock } from './store/sqlite/dataDirLock.ts';
import { DeliveryWorker } from './delivery/deliveryWorker.ts';
import { WebhookHttpClient, type WebhookSender } from './delivery/httpClient.ts';
import { ThreadedHttpClient } from './delivery/threadedHttpClient.ts';
import { RetryPolicy } from './delivery/retryPolicy.ts';
import { TargetGuard } from './outgoing/targetGuard.ts';
import { AuthThrottle } from './access/authThrottle.ts';
import { TrustedProxies } from './access/clientAddress.ts';
import { ConnectionsPerClient } from './access/connectionsPerClient.ts';
import { GapRepairService } from './gapRepair/gapRepairService.ts';
import { LateOriginals } from './gapRepair/lateOriginals.ts';
import { RelayHealth } from './health/relayHealth.ts';
import { ingestEvent } from './ingest/ingestEvent.ts';
import { readSendLogPage } from './network/sendLogPage.ts';
import { createLogger, type Logger } from './logger.ts';
import { repairIfRelayUrlChanged } from './network/networkConnection.ts';
import type { RelayContext } from './relayContext.ts';
import { resolveKeys, type RelayKeys } from './relayKeys.ts';
import { RetentionSweeper } from './retention/retentionSweeper.ts';
import { openStore } from './store/openStore.ts';
import type { Store } from './store/store.ts';
import packageJson from '../../package.json' with { type: 'json' };

export const relayVersion = packageJson.version;

export interface RunningRelay {
  /** The API's address on this machine, http://127.0.0.1:PORT by default (null for a worker-only process). */
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

/**
 * Requests Node refuses before they reach the app (headers over 16 KiB, a malformed request line) get the same
 * JSON error body as everything else, instead of Node's bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'headers_too_large', 'headers: larger than 16 KiB in all'] as const
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'request_timeout', 'the request was not received in time'] as const
    : [400, 'bad_request', 'the request is not valid HTTP/1.1'] as const;
  const body = JSON.stringify(errorBody(code, message));
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

export interface StartRelayOptions {
  log?: Logger;
  /** A store opened by the caller (tests); otherwise the relay opens its own, locking a SQLite data dir. */
  store?: Store;
  /** Called as soon as the keys are known, before anything that can still fail (listening): `relay start` prints generated keys here. */
  onKeys?: (keys: RelayKeys, generated: (keyof RelayKeys)[]) => void;
}

export async function startRelay(config: RelayConfig, options: StartRelayOptions = {}): Promise<RunningRelay> {
  const log = options.log ?? createLogger(config.logLevel);
  for (const warning of configWarnings(config)) log.warn(warning);
  // One relay per SQLite data dir; the data dir is created here (not by CLI commands that only read it).
  let lock: DataDirLock | null = null;
  if (!options.store && !config.databaseUrl) {
    ensureDirectory(config.dataDir);
    lock = DataDirLock.acquire(config.dataDir);
  }
  try {
    return await launch(config, options, log, lock);
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/** The parts of the delivery path: metrics and the activity log, the sender, the retry policy, the worker (none in an api-only process). */
function deliveryParts(config: RelayConfig, store: Store, log: Logger) {
  const metrics = new RelayMetrics({ store });
  const activity = new RateLimitedLog(log);
  const policyOfTargets = { allowPrivateTargets: config.allowPrivateTargets, allowedRanges: config.allowedTargetRanges };
  const sending = { timeoutMs: config.requestTimeoutMs, excerptBytes: config.responseExcerptBytes };
  const senderThread = config.senderThread ? new ThreadedHttpClient({ ...sending, policy: policyOfTargets }, log) : null;
  const client: WebhookSender = senderThread ?? new WebhookHttpClient({ ...sending, guard: new TargetGuard(policyOfTargets) });
  const policy = new RetryPolicy({
    schedule: config.retrySchedule,
    jitter: config.retryJitter,
    maxRetryAfterMs: config.maxRetryAfterMs,
    disableAfterFailingMs: config.disableAfterFailingMs,
  });

  const reporter = new AttemptReporter({ metrics, activity, log, maxAttempts: config.retrySchedule.length });
  const worker =
    config.role === 'api'
      ? null
      : new DeliveryWorker({
          store, client, policy, log,
          concurrency: config.deliveryConcurrency,
          maxInFlightPerWebhook: config.maxInFlightPerWebhook,
          leaseMs: config.leaseMs,
          pollIntervalMs: config.pollIntervalMs,
          onAttemptRecorded: (claimed, outcome, applied) => reporter.report(claimed, outcome, applied),
        });
  return { metrics, activity, senderThread, client, policy, worker, reporter };
}

/** What every service is handed: the configuration, the store, the keys, the delivery parts, gap repair, health and the auth throttle. */
function relayContext(config: RelayConfig, store: Store, keys: RelayKeys, log: Logger, parts: ReturnType<typeof deliveryParts>): RelayContext {
  const { metrics, activity, senderThread, client, policy, worker } = parts;
  const lateOriginals = new LateOriginals({ store: store.gapRepair, now: Date.now });
  const gapRepair = new GapRepairService({
    store, ingestToken: keys.ingestToken, log, now: Date.now, lateOriginals,
    readLogPage: (network, page, perPage) => readSendLogPage(config, network, page, perPage),
    settings: { ...config.gapRepair, networkTimeoutMs: config.networkTimeoutMs, maxBodyBytes: config.maxBodyBytes, retentionMs: config.retentionMs },
    ingest: (input) => ingestEvent(context, { ...input, source: 'recovered' }),
    counted: (outcome) => metrics.logEntryDecided(outcome),
  });
  const context: RelayContext = {
    config, store, keys, client, policy, log, activity, metrics, gapRepair, lateOriginals,
    notifyWorker: () => worker?.notify(),
    prepareToSend: () => (worker ? client.prepare?.() : undefined),
    now: Date.now,
    version: relayVersion,
    health: new RelayHealth({ store, worker, senderThread, now: Date.now }),
    authThrottle: new AuthThrottle({ maxFailures: config.maxAuthFailuresPerMinute, windowMs: 60_000, proxies: new TrustedProxies(config.trustedProxies) }),
  };
  return context;
}

/** The HTTP server of the api role, listening; the start fails with the reason (EADDRINUSE and the like). */
async function listen(context: RelayContext): Promise<Server> {
  const { config } = context;
  const app = createHttpApp(context);
  // Requests the adapter cannot turn into a URL (a backslash in the path, a bad Host) get a JSON 400 too.
  const listener = getRequestListener(app.fetch, {
    hostname: config.host,
    errorHandler: (error) => Response.json(errorBody('bad_request', `the request line or Host header is not valid (${(error as Error).message})`), { status: 400 }),
  });
  // Bounded so that slow or stalled clients cannot hold the server: each request must arrive in time, one client
  // holds at most its share of connections, and past the cap new connections are refused at accept (the kernel's
  // backlog holds a burst briefly).
  const server = createServer({ requestTimeout: config.server.requestTimeoutMs, headersTimeout: config.server.headersTimeoutMs, connectionsCheckingInterval: 1000 }, listener);
  server.keepAliveTimeout = config.server.keepAliveTimeoutMs;
  server.maxConnections = config.server.maxConnections;
  const perClient = new ConnectionsPerClient({ max: config.server.maxConnectionsPerClient, proxies: new TrustedProxies(config.trustedProxies) });
  server.on('connection', (socket: Socket) => perClient.admit(socket));
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => (server.off('error', reject), resolve()));
  });
  return server;
}

/** The worker and the background jobs of this process; returns what stops the jobs (the worker is stopped apart). */
async function startBackground(context: RelayContext, worker: DeliveryWorker | null, port: number | null): Promise<() => Promise<void>> {
  const { config, store, log, client, gapRepair } = context;
  worker?.start();
  // Subscribers already: ready to send before the first event comes (a fresh relay keeps the thread's memory).
  if (worker && (await store.listWebhooks({ active: true }, { limit: 1 })).items.length > 0) client.prepare?.();
  const sweeper = worker ? new RetentionSweeper({ store, retentionMs: config.retentionMs, log }) : null;
  sweeper?.start();
  // Other processes' ingests (an api-only process, say) wake this worker through the store, where it can.
  const stopListening = worker ? store.onNewWork?.(() => worker.notify()) : undefined;
  log.info('relay started', { role: config.role, port, store: store.kind, worker: worker?.id });
  // A new RELAY_PUBLIC_URL: the connected network's webhooks are moved to it (in the background; logged).
  if (port !== null) void repairIfRelayUrlChanged(context);
  // Every process may try; the store's lease lets one repair at a time.
  gapRepair.start();
  return async () => {
    stopListening?.();
    await gapRepair.stop();
    await sweeper?.stop();
  };
}

async function launch(config: RelayConfig, options: StartRelayOptions, log: Logger, lock: DataDirLock | null): Promise<RunningRelay> {
  const store = options.store ?? (await openStore(config));
  const closeOwnStore = () => (options.store ? Promise.resolve() : store.close());
  let keys: RelayKeys;
  let generated: (keyof RelayKeys)[];
  try {
    ({ keys, generated } = await resolveKeys(store, config));
    options.onKeys?.(keys, generated);
  } catch (error) {
    await closeOwnStore();
    throw error;
  }
  const parts = deliveryParts(config, store, log);
  const { activity, client, worker } = parts;
  const context = relayContext(config, store, keys, log, parts);
  const alerts = WebhookAlerts.of(context);
  parts.reporter.afterReport = (claimed, outcome, applied) => alerts.attemptRecorded(claimed, outcome, applied);

  let server: Server | null = null;
  if (config.role !== 'worker') {
    try {
      server = await listen(context);
    } catch (error) {
      activity.close();
      client.close();
      await closeOwnStore();
      throw error;
    }
  }
  const port = server ? (server.address() as AddressInfo).port : null;
  const stopBackground = await startBackground(context, worker, port);

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (server) {
        const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5000))]);
      }
      await stopBackground();
      // In-flight attempts end within their request timeout: wait that long and a little more (at most 10 s).
      await worker?.stop(Math.min(config.requestTimeoutMs + 1000, 10_000));
      client.close();
      activity.close();
      await store.close();
      lock?.release();
      log.info('relay stopped');
    })());

  const url = port === null ? null : localUrl(config.host, port);
  if (url) lock?.recordUrl(url);
  return { url, port, keys, generatedKeys: generated, context, worker, stop };
}
