import fs from 'node:fs';
import path from 'node:path';
import { SqliteStore } from '../../../relay/src/store/sqlite/sqliteStore.ts';
import { tempDir } from '../../support/testRelay.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeStoreContract, type StoreFactory } from './storeContract.ts';

const dirs = new Map<SqliteStore, string>();

const factory: StoreFactory = {
  async create() {
    const dir = tempDir('relay-sqlite-');
    const store = new SqliteStore(path.join(dir, 'relay.db'));
    await store.migrate();
    dirs.set(store, dir);
    return store;
  },
  async destroy(store) {
    await store.close();
    fs.rmSync(dirs.get(store as SqliteStore)!, { recursive: true, force: true });
  },
};

describeStoreContract('SQLite', factory);
describeInspectorStoreContract('SQLite', factory);
