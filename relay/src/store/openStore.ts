/** Chooses the backend: PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. */
import type { RelayConfig } from '../config/config.ts';
import type { Store } from './store.ts';
import { SqliteStore } from './sqlite/sqliteStore.ts';

export async function openStore(config: Pick<RelayConfig, 'databaseUrl' | 'dataDir'>): Promise<Store> {
  const store: Store = config.databaseUrl ? await openPostgres(config.databaseUrl) : SqliteStore.inDataDir(config.dataDir);
  await store.migrate();
  return store;
}

async function openPostgres(url: string): Promise<Store> {
  const { PostgresStore } = await import('./postgres/postgresStore.ts');
  return new PostgresStore(url);
}
