import { describe, expect, it } from 'vitest';
import { connectionOptions } from '../../../../relay/src/store/postgres/connectionOptions.ts';

describe('PostgreSQL connection options', () => {
  it('takes ?schema= out of the URL and sets it as the search_path, leaving the rest to the client', () => {
    const options = connectionOptions('postgres://relay:p%40ss@db:5432/relay?sslmode=require&schema=relay_prod&application_name=edge');
    expect(options.schema).toBe('relay_prod');
    expect(options.pool).toMatchObject({
      connectionString: 'postgres://relay:p%40ss@db:5432/relay?sslmode=require&application_name=edge',
      options: '-c search_path=relay_prod',
      application_name: 'edge',
      max: 10,
    });
  });

  it('accepts libpq-style socket URLs and no schema', () => {
    const options = connectionOptions('postgres://postgres@/test?host=/var/run/postgresql');
    expect(options).toMatchObject({ schema: null, pool: { connectionString: 'postgres://postgres@/test?host=/var/run/postgresql', options: undefined, application_name: 'relay' } });
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => connectionOptions('postgres://db/x?schema=a;drop')).toThrow(/invalid schema name/);
    expect(connectionOptions('postgres://db/x?schema=ignored', { schema: 'given' }).schema).toBe('given');
  });
});
