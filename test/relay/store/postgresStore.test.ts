import { postgresStoreFactory } from '../../support/storeFactories.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeStoreContract } from './storeContract.ts';
import { describePacingContract } from './pacingContract.ts';

describeStoreContract('PostgreSQL', postgresStoreFactory());
describeInspectorStoreContract('PostgreSQL', postgresStoreFactory());
describePacingContract('PostgreSQL', postgresStoreFactory());
