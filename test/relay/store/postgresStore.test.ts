import { postgresStoreFactory } from '../../support/storeFactories.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeStoreContract } from './storeContract.ts';

describeStoreContract('PostgreSQL', postgresStoreFactory());
describeInspectorStoreContract('PostgreSQL', postgresStoreFactory());
