import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../support/postgres.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeStoreContract, type StoreFactory } from './storeContract.ts';

const factory: StoreFactory = {
  async create() {
    const store = new PostgresStore(testDatabaseUrl, { schema: newSchemaName(), poolSize: 4 });
    await store.migrate();
    return store;
  },
  async destroy(store) {
    await store.close();
    await dropSchema((store as PostgresStore).schema!);
  },
};

describeStoreContract('PostgreSQL', factory);
describeInspectorStoreContract('PostgreSQL', factory);
