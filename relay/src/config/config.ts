/** The relay's configuration, read from the environment (every variable is documented in the README). */
import path from 'node:path';
import ipaddr from 'ipaddr.js';
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
  /** The URL people and the plugin reach the relay at (for ingest URLs shown in the UI); null: the local address (localUrl). */
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
  /** A webhook failing with no success this long is announced (log, relay_webhook_failing) before it is disabled. */
  warnAfterFailingMs: number;
  /** How long (ms) the old secret keeps signing after a rotation. */
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
  /** The HTTP server's limits: a whole request must arrive within requestTimeoutMs, its headers within headersTimeoutMs. */
  server: {
    requestTimeoutMs: number;
    headersTimeoutMs: number;
    keepAliveTimeoutMs: number;
    /** Open connections at most; more are refused at accept. */
    maxConnections: number;
    /** Open connections per client address (IPv6: per /64), the configured proxies apart; more are closed at once. */
    maxConnectionsPerClient: number;
  };
  /** Wrong API keys, ingest tokens or sign-ins per client per minute before it must wait. */
  maxAuthFailuresPerMinute: number;
  /** CIDR ranges of the reverse proxies whose X-Forwarded-For names the client (none: the peer is the client). */
  trustedProxies: string[];
  /** Responses are read up to this much and kept as the attempt's excerpt. */
  responseExcerptBytes: number;
  /** Gap repair from the connected network's send log (gapRepair/): its schedule and its matching rule's times. */
  gapRepair: {
    /** A pass at start and then every this often; 0: only on demand. */
    intervalMs: number;
    /** Log entries younger than this wait for a later pass (their original may still be arriving). */
    graceMs: number;
    /** Received events within this of a log entry's time can be its original; a late original within it is a duplicate. */
    windowMs: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
}

export const defaultRetrySchedule = '0,5s,5m,30m,2h,5h,10h,10h';

/** Every offending variable at once, one line each, with the value given and the form expected. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

/** Keys and tokens shorter than this are refused: they are the only thing between the internet and the relay. */
export const minimumSecretLength = 16;

const flagWords: Record<string, boolean> = { '1': true, true: true, yes: true, on: true, '0': false, false: false, no: false, off: false };

/** Readers that record a problem and return the fallback, so one run reports every bad variable. */
function readers(problems: string[]) {
  const problem = (name: string, raw: string, expected: string) => problems.push(`${name}=${raw}: expected ${expected}`);
  return {
    integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (/^\s*\d+\s*$/.test(raw) && value >= min && value <= max) return value;
      problem(name, raw, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`);
      return fallback;
    },
    duration(env: Env, name: string, fallback: string): number {
      const raw = env[name] || fallback;
      try {
        return parseDuration(raw);
      } catch {
        problem(name, raw, 'a duration such as 500ms, 5s, 5m, 2h or 1d');
        return parseDuration(fallback);
      }
    },
    flag(env: Env, name: string, fallback = false): boolean {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = flagWords[raw.trim().toLowerCase()];
      if (value !== undefined) return value;
      problem(name, raw, '1 or 0 (also true/false, yes/no, on/off)');
      return fallback;
    },
    oneOf<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      if ((allowed as readonly string[]).includes(raw)) return raw as T;
      problem(name, raw, `one of ${allowed.join(', ')}`);
      return fallback;
    },
    secret(env: Env, name: string): string | null {
      const raw = env[name];
      if (raw === undefined || raw === '') return null;
      // The value itself is never echoed: only its length.
      if (raw.length >= minimumSecretLength && !/\s/.test(raw)) return raw;
      problems.push(`${name} (${raw.length} characters): expected at least ${minimumSecretLength} characters without spaces, e.g. $(openssl rand -hex 24); or leave it unset to have one generated`);
      return null;
    },
    httpUrl(env: Env, name: string): string | null {
      const raw = env[name];
      if (raw === undefined || raw === '') return null;
      let url: URL | null = null;
      try {
        url = new URL(raw);
      } catch {
        url = null;
      }
      if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname) return raw.replace(/\/+$/, '');
      problem(name, raw, 'an absolute http(s) URL, e.g. https://relay.example.com');
      return null;
    },
    postgresUrl(env: Env, name: string): string | null {
      const raw = env[name];
      if (raw === undefined || raw === '') return null;
      if (/^postgres(ql)?:\/\/./.test(raw)) return raw;
      // A connection URL may hold a password: show only its scheme.
      problems.push(`${name} (${raw.split(':')[0]}:…): expected postgres://user:password@host:5432/database (or unset for the embedded SQLite store)`);
      return null;
    },
    cidrs(env: Env, name: string): string[] {
      const ranges = (env[name] || '').split(',').map((range) => range.trim()).filter(Boolean);
      const bad = ranges.filter((range) => {
        try {
          ipaddr.parseCIDR(range);
          return false;
        } catch {
          return true;
        }
      });
      if (bad.length) problem(name, env[name]!, `comma-separated CIDR ranges such as 10.1.0.0/16 or fd00::/8 (not valid: ${bad.join(', ')})`);
      return ranges.filter((range) => !bad.includes(range));
    },
    retrySchedule(env: Env, name: string): number[] {
      const raw = env[name] || defaultRetrySchedule;
      try {
        return raw.split(',').map(parseDuration);
      } catch {
        problem(name, raw, `comma-separated durations, one per attempt, e.g. ${defaultRetrySchedule}`);
        return defaultRetrySchedule.split(',').map(parseDuration);
      }
    },
    fraction(env: Env, name: string, fallback: number): number {
      const raw = env[name];
      if (raw === undefined || raw === '') return fallback;
      const value = Number(raw);
      if (raw.trim() !== '' && value >= 0 && value < 1) return value;
      problem(name, raw, 'a number from 0 to below 1 (0.2 = ±20 %)');
      return fallback;
    },
  };
}

/** Lines to log at start: settings that are allowed but deserve a person's attention. */
export function configWarnings(config: RelayConfig): string[] {
  const warnings: string[] = [];
  if (config.allowPrivateTargets) {
    warnings.push('RELAY_ALLOW_PRIVATE_TARGETS is on: webhooks and the network connection may reach loopback, private and cloud-metadata addresses (SSRF guard off); use it only for local testing');
  }
  return warnings;
}

function serverLimits(env: Env, read: ReturnType<typeof readers>, problems: string[]): RelayConfig['server'] {
  const { duration, integer } = read;
  const requestTimeoutMs = duration(env, 'RELAY_SERVER_REQUEST_TIMEOUT', '30s');
  const headersTimeoutMs = duration(env, 'RELAY_SERVER_HEADERS_TIMEOUT', '10s');
  if (requestTimeoutMs < 1000 || headersTimeoutMs < 1000) problems.push('RELAY_SERVER_REQUEST_TIMEOUT and RELAY_SERVER_HEADERS_TIMEOUT: expected at least 1s');
  if (headersTimeoutMs > requestTimeoutMs) problems.push('RELAY_SERVER_HEADERS_TIMEOUT: expected at most RELAY_SERVER_REQUEST_TIMEOUT');
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: duration(env, 'RELAY_SERVER_KEEP_ALIVE_TIMEOUT', '5s'),
    maxConnections: integer(env, 'RELAY_MAX_CONNECTIONS', 1024, 1),
    maxConnectionsPerClient: integer(env, 'RELAY_MAX_CONNECTIONS_PER_CLIENT', 256, 1),
  };
}

export function loadConfig(env: Env = process.env): RelayConfig {
  const problems: string[] = [];
  const read = readers(problems);
  const { integer, duration, flag, oneOf, secret, httpUrl, postgresUrl, cidrs, retrySchedule: schedule, fraction } = read;
  const role = oneOf<ProcessRole>(env, 'RELAY_ROLE', 'all', ['api', 'worker', 'all']);
  const logLevel = oneOf<RelayConfig['logLevel']>(env, 'RELAY_LOG_LEVEL', 'info', ['debug', 'info', 'warn', 'error', 'silent']);
  const retrySchedule = schedule(env, 'RELAY_RETRY_SCHEDULE');
  const retryJitter = fraction(env, 'RELAY_RETRY_JITTER', 0.2);
  const requestTimeoutMs = duration(env, 'RELAY_REQUEST_TIMEOUT', '15s');
  const config: RelayConfig = {
    port: integer(env, 'PORT', 8787, 0, 65535),
    host: env.RELAY_HOST || '127.0.0.1',
    name: env.RELAY_NAME || 'Ultimate Multisite relay',
    dataDir: path.resolve(env.RELAY_DATA_DIR || './data'),
    databaseUrl: postgresUrl(env, 'DATABASE_URL'),
    role,
    apiKey: secret(env, 'RELAY_API_KEY'),
    ingestToken: secret(env, 'RELAY_INGEST_TOKEN'),
    publicUrl: httpUrl(env, 'RELAY_PUBLIC_URL'),
    allowPrivateTargets: flag(env, 'RELAY_ALLOW_PRIVATE_TARGETS'),
    allowedTargetRanges: cidrs(env, 'RELAY_ALLOWED_TARGET_RANGES'),
    retrySchedule,
    retryJitter,
    maxRetryAfterMs: duration(env, 'RELAY_MAX_RETRY_AFTER', '1d'),
    requestTimeoutMs,
    networkTimeoutMs: duration(env, 'RELAY_NETWORK_TIMEOUT', '15s'),
    networkCallsPerMinute: integer(env, 'RELAY_NETWORK_CALLS_PER_MINUTE', 60, 1),
    networkBurst: integer(env, 'RELAY_NETWORK_BURST', 10, 1),
    disableAfterFailingMs: duration(env, 'RELAY_DISABLE_AFTER_FAILING', '5d'),
    warnAfterFailingMs: duration(env, 'RELAY_WARN_AFTER_FAILING', '1h'),
    secretRotationOverlapMs: duration(env, 'RELAY_SECRET_ROTATION_OVERLAP', '24h'),
    retentionMs: duration(env, 'RELAY_RETENTION', '30d'),
    senderThread: flag(env, 'RELAY_SENDER_THREAD', true),
    deliveryConcurrency: integer(env, 'RELAY_DELIVERY_CONCURRENCY', 1024, 1),
    maxInFlightPerWebhook: integer(env, 'RELAY_MAX_IN_FLIGHT_PER_WEBHOOK', 16, 1),
    leaseMs: duration(env, 'RELAY_LEASE', formatDuration(requestTimeoutMs + 30_000)),
    pollIntervalMs: duration(env, 'RELAY_POLL_INTERVAL', '500ms'),
    maxBodyBytes: integer(env, 'RELAY_MAX_BODY_BYTES', 1024 * 1024, 1024),
    server: serverLimits(env, read, problems),
    maxAuthFailuresPerMinute: integer(env, 'RELAY_MAX_AUTH_FAILURES_PER_MINUTE', 20, 1),
    trustedProxies: cidrs(env, 'RELAY_TRUSTED_PROXIES'),
    responseExcerptBytes: 16 * 1024,
    gapRepair: {
      intervalMs: duration(env, 'RELAY_GAP_REPAIR_INTERVAL', '1m'),
      graceMs: duration(env, 'RELAY_GAP_REPAIR_GRACE', '2m'),
      windowMs: duration(env, 'RELAY_GAP_REPAIR_WINDOW', '10m'),
    },
    logLevel,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}
