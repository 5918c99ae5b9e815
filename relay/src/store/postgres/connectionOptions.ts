/**
 * Turns DATABASE_URL into pool settings. `?schema=name` is ours, not libpq's: it is taken out of the URL and
 * set as every connection's search_path, so several relays (or test runs) can share one database.
 */
import type { PoolConfig } from 'pg';

export interface PostgresStoreOptions {
  /** Schema for the relay's tables (overrides ?schema= in the URL); default: the server's search_path. */
  schema?: string;
  /** Connections per process; ingest batches and worker claims share them. */
  poolSize?: number;
  /** Listen for new-work notifications (LISTEN/NOTIFY) so idle workers wake at once; default true. */
  listen?: boolean;
}

export interface ConnectionOptions {
  pool: PoolConfig;
  schema: string | null;
}

const schemaName = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function connectionOptions(url: string, options: PostgresStoreOptions = {}): ConnectionOptions {
  // Not parsed with URL: libpq-style URLs such as postgres://user@/db?host=/var/run/postgresql are not valid
  // WHATWG URLs. Only our own parameter is taken out; the rest reaches the client untouched.
  const [base, query = ''] = url.split(/\?(.*)/s, 2);
  const params = query.split('&').filter(Boolean).map((pair) => {
    const [key, value = ''] = pair.split(/=(.*)/s, 2);
    return { pair, key: decodeURIComponent(key), value: decodeURIComponent(value.replace(/\+/g, ' ')) };
  });
  const schema = options.schema ?? params.find((param) => param.key === 'schema')?.value ?? null;
  const kept = params.filter((param) => param.key !== 'schema');
  // Quoted identifiers are avoided on purpose: the name goes into search_path and DDL as is.
  if (schema !== null && !schemaName.test(schema)) throw new Error(`invalid schema name "${schema}" (letters, digits and _ only)`);
  return {
    schema,
    pool: {
      connectionString: kept.length ? `${base}?${kept.map((param) => param.pair).join('&')}` : base,
      max: options.poolSize ?? 10,
      // While the server is away, fail fast (the API answers 503) instead of queueing requests for ever.
      connectionTimeoutMillis: 5000,
      // Lets operators (and bench/postgresScale.ts) tell the relay's sessions apart in pg_stat_activity.
      application_name: kept.find((param) => param.key === 'application_name')?.value ?? 'relay',
      options: schema ? `-c search_path=${schema}` : undefined,
    },
  };
}
