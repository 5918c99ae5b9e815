/** The relay's configuration, read from the environment (every variable is documented in the README). */
import path from 'node:path';
import { formatDuration, parseDuration } from './duration.ts';

export type ProcessRole = 'api' | 'worker' | 'all';

export interface RelayConfig {
  port: number;
  host: string;
  /** Shown by GET /v1/me and used as the Zapier connection label. */
  name: string;
  /** Where the embedded store lives. */
  dataDir: string;
  /** postgres://… selects PostgreSQL; null keeps the embedded SQLite store. */
  databaseUrl: string | null;
  role: ProcessRole;
  /** Given keys win over stored ones; null means "generate on first start and store". */
  apiKey: string | null;
  ingestToken: string | null;
  /** The URL people and the plugin reach the relay at (for ingest URLs shown in the UI); defaults to http://localhost:PORT. */
  publicUrl: string | null;
  allowPrivateTargets: boolean;
  /** CIDR ranges allowed even though private (e.g. 10.1.0.0/16 for a trusted network). */
  allowedTargetRanges: string[];
  /** Delay before each attempt: the first entry is the first attempt, one more attempt per entry. */
  retrySchedule: number[];
  retryJitter: number;
  /** Upper bound for a receiver's Retry-After. */
  maxRetryAfterMs: number;
  requestTimeoutMs: number;
  /** Deadline of each call to a connected network's Ultimate Multisite REST API. */
  networkTimeoutMs: number;
  /** Calls the /v1/network actions may make to the network per minute (token bucket refill), and the burst allowed. */
  networkCallsPerMinute: number;
  networkBurst: number;
  /** A webhook failing with no success for this long is disabled. */
  disableAfterFailingMs: number;
  /** Seconds the old secret keeps signing after a rotation. */
  secretRotationOverlapMs: number;
  /** Events older than this are deleted with their delivery log once nothing is pending; 0 keeps everything. */
  retentionMs: number;
  /** Send deliveries from a second thread (uses the second core); off runs the HTTP client on the main thread. */
  senderThread: boolean;
  deliveryConcurrency: number;
  maxInFlightPerWebhook: number;
  /** How long a claimed delivery stays leased; a worker that dies releases it when this passes. */
  leaseMs: number;
  pollIntervalMs: number;
  maxBodyBytes: number;
  /** Responses are read up to this much and kept as the attempt's excerpt. */
  responseExcerptBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export const defaultRetrySchedule = '0,5s,5m,30m,2h,5h,10h,10h';

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

function duration(env: Env, name: string, fallback: string): number {
  try {
    return parseDuration(env[name] || fallback);
  } catch (error) {
    throw new ConfigError(`${name}: ${(error as Error).message}`);
  }
}

function flag(env: Env, name: string): boolean {
  return ['1', 'true', 'yes', 'on'].includes((env[name] ?? '').toLowerCase());
}

export function loadConfig(env: Env = process.env): RelayConfig {
  const role = (env.RELAY_ROLE || 'all') as ProcessRole;
  if (!['api', 'worker', 'all'].includes(role)) throw new ConfigError(`RELAY_ROLE must be api, worker or all, got "${role}"`);
  const logLevel = (env.RELAY_LOG_LEVEL || 'info') as RelayConfig['logLevel'];
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel)) throw new ConfigError(`RELAY_LOG_LEVEL must be debug, info, warn, error or silent`);
  let retrySchedule: number[];
  try {
    retrySchedule = (env.RELAY_RETRY_SCHEDULE || defaultRetrySchedule).split(',').map(parseDuration);
  } catch (error) {
    throw new ConfigError(`RELAY_RETRY_SCHEDULE: ${(error as Error).message}`);
  }
  const retryJitter = Number(env.RELAY_RETRY_JITTER ?? '0.2');
  if (!(retryJitter >= 0 && retryJitter < 1)) throw new ConfigError('RELAY_RETRY_JITTER must be between 0 and 1 (0.2 = ±20 %)');
  const requestTimeoutMs = duration(env, 'RELAY_REQUEST_TIMEOUT', '15s');
  return {
    port: integer(env, 'PORT', 8787),
    host: env.RELAY_HOST || '0.0.0.0',
    name: env.RELAY_NAME || 'Ultimate Multisite relay',
    dataDir: path.resolve(env.RELAY_DATA_DIR || './data'),
    databaseUrl: env.DATABASE_URL || null,
    role,
    apiKey: env.RELAY_API_KEY || null,
    ingestToken: env.RELAY_INGEST_TOKEN || null,
    publicUrl: env.RELAY_PUBLIC_URL ? env.RELAY_PUBLIC_URL.replace(/\/+$/, '') : null,
    allowPrivateTargets: flag(env, 'RELAY_ALLOW_PRIVATE_TARGETS'),
    allowedTargetRanges: (env.RELAY_ALLOWED_TARGET_RANGES || '').split(',').map((range) => range.trim()).filter(Boolean),
    retrySchedule,
    retryJitter,
    maxRetryAfterMs: duration(env, 'RELAY_MAX_RETRY_AFTER', '1d'),
    requestTimeoutMs,
    networkTimeoutMs: duration(env, 'RELAY_NETWORK_TIMEOUT', '15s'),
    networkCallsPerMinute: integer(env, 'RELAY_NETWORK_CALLS_PER_MINUTE', 60, 1),
    networkBurst: integer(env, 'RELAY_NETWORK_BURST', 10, 1),
    disableAfterFailingMs: duration(env, 'RELAY_DISABLE_AFTER_FAILING', '5d'),
    secretRotationOverlapMs: duration(env, 'RELAY_SECRET_ROTATION_OVERLAP', '24h'),
    retentionMs: duration(env, 'RELAY_RETENTION', '30d'),
    senderThread: (env.RELAY_SENDER_THREAD ?? '1') !== '0',
    deliveryConcurrency: integer(env, 'RELAY_DELIVERY_CONCURRENCY', 256, 1),
    maxInFlightPerWebhook: integer(env, 'RELAY_MAX_IN_FLIGHT_PER_WEBHOOK', 16, 1),
    leaseMs: duration(env, 'RELAY_LEASE', formatDuration(requestTimeoutMs + 30_000)),
    pollIntervalMs: duration(env, 'RELAY_POLL_INTERVAL', '500ms'),
    maxBodyBytes: integer(env, 'RELAY_MAX_BODY_BYTES', 1024 * 1024, 1024),
    responseExcerptBytes: 16 * 1024,
    logLevel,
  };
}
