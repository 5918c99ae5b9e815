import fs from 'node:fs';
import path from 'node:path';
import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { SqliteStore } from '../../../relay/src/store/sqlite/sqliteStore.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../support/postgres.ts';
import { tempDir } from '../../support/testRelay.ts';
import { describeNetworkStoreContract } from './networkStoreContract.ts';

const dirs = new Map<SqliteStore, string>();

describeNetworkStoreContract('SQLite', {
  async create() {
    const dir = tempDir('relay-sqlite-network-');
    const store = new SqliteStore(path.join(dir, 'relay.db'));
    await store.migrate();
    dirs.set(store, dir);
    return store;
  },
  async destroy(store) {
    await store.close();
    fs.rmSync(dirs.get(store as SqliteStore)!, { recursive: true, force: true });
  },
});

describeNetworkStoreContract('PostgreSQL', {
  async create() {
    const store = new PostgresStore(testDatabaseUrl, { schema: newSchemaName(), poolSize: 2, listen: false });
    await store.migrate();
    return store;
  },
  async destroy(store) {
    await store.close();
    await dropSchema((store as PostgresStore).schema!);
  },
});
