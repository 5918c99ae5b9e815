/**
 * The disk under the embedded store fills up: ingest answers 503 saying nothing was stored (never "nothing was
 * lost" for an event it did not keep), /healthz says the store cannot be written, and both recover once there is
 * room again. The data dir is a small tmpfs of the test's own (needs root to mount; skipped with a message if not).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawnTestRelayProcess, type TestRelayProcess } from '../../support/relayProcess.ts';
import { until } from '../../support/until.ts';

const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-small-disk-'));
let mounted = false;
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  console.warn(`diskFull.test.ts skipped: cannot mount a small tmpfs at ${mountPoint} (needs root)`);
}
let relay: TestRelayProcess;
const filler = path.join(mountPoint, 'filler');

beforeAll(async () => {
  if (mounted) relay = await spawnTestRelayProcess({ RELAY_DATA_DIR: path.join(mountPoint, 'data') });
});
afterAll(async () => {
  await relay?.kill();
  if (mounted) execFileSync('umount', ['-l', mountPoint]);
});

it.skipIf(!mounted)('answers 503 while the disk is full, /healthz says so, and both recover when there is room', async () => {
  expect((await relay.ingest('payment_received', { payment_id: 1 })).status).toBe(202);
  // Fill the disk to the last byte.
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
  } catch {
    // dd stops with "No space left on device": that is the point
  }
  let refused: Response | undefined;
  for (let id = 2; id < 2000 && !refused; id++) {
    const response = await relay.ingest('payment_received', { payment_id: id, padding: 'x'.repeat(4000) });
    if (response.status !== 202) refused = response;
  }
  expect(refused!.status).toBe(503);
  expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
  const { error } = await refused!.json();
  expect(error.code).toBe('store_unavailable');
  expect(error.message).toMatch(/not carried out/);
  expect(error.message).not.toMatch(/nothing you sent was lost/);

  const health = await fetch(`${relay.url}/healthz`);
  expect(health.status).toBe(503);
  expect((await health.json()).checks.store).toMatchObject({ ok: false, writable: false });

  fs.rmSync(filler);
  let paymentId = 5000;
  const recovered = await until(() => relay.ingest('payment_received', { payment_id: paymentId++ }), (response) => response.status === 202, { timeoutMs: 5000, describe: (response) => `HTTP ${response.status}` });
  expect(recovered.status).toBe(202);
  const healthAfter = await until(() => fetch(`${relay.url}/healthz`), (response) => response.status === 200, { timeoutMs: 5000, describe: (response) => `HTTP ${response.status}` });
  expect(healthAfter.status).toBe(200);
});

it.skipIf(!mounted)('on a nearly full disk, /healthz answers 503 as long as ingest does, and 200 again once an event that size fits', async () => {
  // Leave a little room: a small write still fits, a 600 KB event does not.
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' });
  } catch {
    // full
  }
  fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - 128 * 1024));
  const big = { payment_id: 7000, padding: 'x'.repeat(600_000) };
  const refused = await relay.ingest('payment_received', big);
  expect(refused.status).toBe(503);
  for (let round = 0; round < 3; round++) {
    const health = await fetch(`${relay.url}/healthz`);
    expect(health.status).toBe(503);
    expect((await health.json()).checks.store).toMatchObject({ ok: false, writable: false });
  }

  fs.rmSync(filler);
  const healthAfter = await until(() => fetch(`${relay.url}/healthz`), (response) => response.status === 200, { timeoutMs: 5000, describe: (response) => `HTTP ${response.status}` });
  expect(healthAfter.status).toBe(200);
  expect((await relay.ingest('payment_received', big)).status).toBe(202);
});
