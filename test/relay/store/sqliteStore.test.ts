import { sqliteStoreFactory } from '../../support/storeFactories.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeStoreContract } from './storeContract.ts';

describeStoreContract('SQLite', sqliteStoreFactory());
describeInspectorStoreContract('SQLite', sqliteStoreFactory());
