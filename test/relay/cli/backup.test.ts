/** docs/deploy.md's backup and restore: `relay backup` while the relay takes events, then a relay started on the copy. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRelayCli } from '../../support/relayCli.ts';
import { spawnRelayProcess, type RelayProcess } from '../../support/relayProcess.ts';
import { tempDir } from '../../support/testRelay.ts';

const keys = { RELAY_API_KEY: 'rk_backup_test_key_3x9w', RELAY_INGEST_TOKEN: 'it_backup_test_token_6h1t' };
const relays: RelayProcess[] = [];
afterAll(async () => {
  for (const relay of relays) await relay.stop();
});

const ingest = (relay: RelayProcess, id: number) =>
  fetch(`${relay.url}/ingest/${keys.RELAY_INGEST_TOKEN}/payment_received`, { method: 'POST', body: JSON.stringify({ payment_id: id }) });

describe('relay backup', () => {
  it('copies the store online and consistently; a relay started on the copy has the events', async () => {
    const dataDir = tempDir();
    const relay = await spawnRelayProcess({ ...keys, RELAY_DATA_DIR: dataDir });
    relays.push(relay);
    for (let id = 1; id <= 200; id++) expect((await ingest(relay, id)).status).toBe(202);

    // Events keep arriving while the copy is taken.
    let more = 1000;
    let writing = true;
    const writer = (async () => {
      while (writing) await ingest(relay, more++);
    })();
    const backupFile = path.join(tempDir(), 'relay-backup.db');
    const run = await runRelayCli(['backup', '--to', backupFile], { RELAY_DATA_DIR: dataDir });
    writing = false;
    await writer;
    expect(run.code, run.stderr).toBe(0);
    const events = Number(/(\d+) events, integrity ok/.exec(run.stdout)?.[1]);
    expect(events).toBeGreaterThanOrEqual(200);
    expect(events).toBeLessThanOrEqual(200 + (more - 1000));

    const again = await runRelayCli(['backup', '--to', backupFile], { RELAY_DATA_DIR: dataDir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists: give a new file name');

    // Restore: the copy becomes relay.db of a data dir, and a relay starts on it.
    const restoredDir = tempDir();
    fs.copyFileSync(backupFile, path.join(restoredDir, 'relay.db'));
    const restored = await spawnRelayProcess({ ...keys, RELAY_DATA_DIR: restoredDir });
    relays.push(restored);
    let counted = 0;
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = (await (await fetch(`${restored.url}/v1/events?limit=100${cursor ? `&before=${cursor}` : ''}`, { headers: { authorization: `Bearer ${keys.RELAY_API_KEY}` } })).json()) as { data: unknown[]; next_cursor: string | null };
      counted += page.data.length;
      cursor = page.next_cursor;
    }
    expect(counted).toBe(events);
  });

  it('points PostgreSQL users to pg_dump', async () => {
    const run = await runRelayCli(['backup', '--to', '/tmp/x.db'], { DATABASE_URL: 'postgres://relay@127.0.0.1:1/relay' });
    expect(run).toMatchObject({ code: 1, stderr: expect.stringContaining('back it up with pg_dump') });
  });
});
