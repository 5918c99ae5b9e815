/** Starts the relay for a scenario in its own process, on a fresh SQLite data dir or a fresh PostgreSQL schema. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dropSchema } from '../test/support/postgres.ts';
import { startChild, type BenchChild } from './childProcess.ts';

export type StoreKind = 'sqlite' | 'postgres';

export interface RelayUnderTest {
  child: BenchChild<{ url: string; apiKey: string; ingestToken: string }>;
  url: string;
  ingestUrl: string;
  dataDir: string;
  /** PostgreSQL: the relay's schema, also its sessions' application_name. */
  schema: string | null;
  api<T = unknown>(pathname: string, json?: unknown, method?: string): Promise<T>;
  stop(): Promise<void>;
}

export const postgresUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const postgresBackend = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../relay/src/store/postgres/postgresStore.ts');

/** Why PostgreSQL figures cannot be measured here, or null when they can. */
export async function postgresUnavailable(): Promise<string | null> {
  if (!fs.existsSync(postgresBackend)) return 'n/a: backend missing';
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return `n/a: PostgreSQL unreachable (${(error as Error).message})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * CPU time of the PostgreSQL server sessions of the relays on `schema` (their application_name) over a window:
 * /proc/<pid>/schedstat sampled every 250 ms, so that a session the pool closes during the window still counts
 * (up to its last sample) and one it opens counts from zero.
 */
export class PostgresSessionsCpu {
  private readonly client: import('pg').Client;
  private baseline = new Map<number, number>();
  private latest = new Map<number, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly schema: string;

  private constructor(client: import('pg').Client, schema: string) {
    this.client = client;
    this.schema = schema;
  }

  static async open(schema: string): Promise<PostgresSessionsCpu> {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: postgresUrl });
    await client.connect();
    return new PostgresSessionsCpu(client, schema);
  }

  private async sample(): Promise<Map<number, number>> {
    const { rows } = await this.client.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [this.schema]);
    const now = new Map<number, number>();
    for (const { pid } of rows as { pid: number }[]) {
      try {
        now.set(pid, Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]));
      } catch {
        // ended meanwhile: its last sample stands
      }
    }
    for (const [pid, ns] of now) this.latest.set(pid, ns);
    return now;
  }

  async start(): Promise<void> {
    this.baseline = await this.sample();
    this.latest = new Map(this.baseline);
    this.timer = setInterval(() => void this.sample().catch(() => undefined), 250);
  }

  /** µs spent since start(). */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    await this.sample();
    let ns = 0;
    for (const [pid, last] of this.latest) ns += last - (this.baseline.get(pid) ?? 0);
    return ns / 1000;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/**
 * `root`: another checkout of the project whose relay to start (A/B runs, bench/abFanout.ts), or a compiled tree
 * (compiledBench(), which holds .js files); this checkout by default. `sharedSchema`: several relays on one
 * PostgreSQL schema (scale-out); the caller creates nothing and drops it (dropSchema) after the last one stopped.
 */
export async function startRelayUnderTest(store: StoreKind, env: Record<string, string> = {}, execArgv: string[] = [], root?: string, sharedSchema?: string): Promise<RelayUnderTest> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-bench-'));
  const schema = store === 'postgres' ? sharedSchema ?? `relay_bench_${randomBytes(5).toString('hex')}` : null;
  const databaseUrl = schema ? new URL(postgresUrl) : null;
  databaseUrl?.searchParams.set('schema', schema!);
  // The relay's server sessions are found by it (PostgresSessionsCpu).
  databaseUrl?.searchParams.set('application_name', schema!);
  const script = root ? path.resolve(root, fs.existsSync(path.resolve(root, 'bench/processes/relay.js')) ? 'bench/processes/relay.js' : 'bench/processes/relay.ts') : 'processes/relay.ts';
  const child = await startChild<{ url: string; apiKey: string; ingestToken: string }>(script, {
    PORT: '0',
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl?.toString() ?? '',
    RELAY_API_KEY: `rk_bench${randomBytes(12).toString('hex')}`,
    RELAY_INGEST_TOKEN: `it_bench${randomBytes(12).toString('hex')}`,
    RELAY_ALLOW_PRIVATE_TARGETS: '1',
    RELAY_LOG_LEVEL: 'warn',
    ...env,
  }, execArgv);
  const relayUrl = child.ready.url;
  const api = async <T>(pathname: string, json?: unknown, method = json === undefined ? 'GET' : 'POST'): Promise<T> => {
    const response = await fetch(relayUrl + pathname, {
      method,
      headers: { authorization: `Bearer ${child.ready.apiKey}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    if (!response.ok) throw new Error(`${method} ${pathname}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  return {
    child,
    url: relayUrl,
    ingestUrl: `${relayUrl}/ingest/${child.ready.ingestToken}/payment_received`,
    dataDir,
    schema,
    api,
    stop: async () => {
      await child.stop(5_000);
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (schema && !sharedSchema) await dropSchema(schema, postgresUrl);
    },
  };
}
