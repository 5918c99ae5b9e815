/** Fresh, migrated stores of each backend for the contract suites, and their clean-up. */
import fs from 'node:fs';
import path from 'node:path';
import { PostgresStore, type PostgresStoreOptions } from '../../relay/src/store/postgres/postgresStore.ts';
import { SqliteStore } from '../../relay/src/store/sqlite/sqliteStore.ts';
import type { Store } from '../../relay/src/store/store.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from './postgres.ts';
import { tempDir } from './testRelay.ts';

export interface StoreFactory {
  /** A fresh, empty, migrated store. */
  create(): Promise<Store>;
  /** Removes what create() made. */
  destroy(store: Store): Promise<void>;
}

/** A SQLite file in a temporary folder of its own, removed afterwards. */
export function sqliteStoreFactory(): StoreFactory {
  const dirs = new Map<Store, string>();
  return {
    async create() {
      const dir = tempDir('relay-sqlite-');
      const store = new SqliteStore(path.join(dir, 'relay.db'));
      await store.migrate();
      dirs.set(store, dir);
      return store;
    },
    async destroy(store) {
      await store.close();
      fs.rmSync(dirs.get(store)!, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL schema of its own in the test database, dropped afterwards. */
export function postgresStoreFactory(options: Omit<PostgresStoreOptions, 'schema'> = {}): StoreFactory {
  return {
    async create() {
      const store = new PostgresStore(testDatabaseUrl, { schema: newSchemaName(), poolSize: 4, ...options });
      await store.migrate();
      return store;
    },
    async destroy(store) {
      await store.close();
      await dropSchema((store as PostgresStore).schema!);
    },
  };
}
