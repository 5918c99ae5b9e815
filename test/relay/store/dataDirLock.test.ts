/**
 * One relay per data dir, with a lock that ends with its process: a leftover relay.lock naming a live process
 * (a pid reused after a crash or reboot) does not stop a start, a SIGKILLed holder frees the data dir at once,
 * and a live holder is refused with its pid and URL, and found by the CLI.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError, findRunningRelay, lockFileName } from '../../../relay/src/store/sqlite/dataDirLock.ts';
import { repoRoot } from '../../support/relayCli.ts';
import { startTestRelay, tempDir, type TestRelay } from '../../support/testRelay.ts';

const cleanUp: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanUp.splice(0).reverse()) await step();
});

/** Another process holding the data dir's lock, as a relay does; resolves once it holds it. */
async function holderProcess(dataDir: string) {
  const script = `import { DataDirLock } from ${JSON.stringify(path.join(repoRoot, 'relay/src/store/sqlite/dataDirLock.ts'))};
const lock = DataDirLock.acquire(${JSON.stringify(dataDir)});
lock.recordUrl('http://127.0.0.1:1');
process.stdout.write('locked\\n');
setInterval(() => {}, 1000);`;
  const file = path.join(dataDir, 'holder.mts');
  fs.writeFileSync(file, script);
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanUp.push(() => (child.exitCode === null && child.signalCode === null ? (child.kill('SIGKILL'), exited) : undefined));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`holder exited (${code})`)));
  });
  return { pid: child.pid!, kill: async () => (child.kill('SIGKILL'), await exited) };
}

describe('data dir lock', () => {
  it('starts although relay.lock names a live process that is not a relay (a reused pid)', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, lockFileName), JSON.stringify({ pid: process.ppid, url: 'http://127.0.0.1:9', startedAt: '2026-01-01T00:00:00.000Z' }));
    const relay: TestRelay = await startTestRelay({}, { dataDir });
    cleanUp.push(() => relay.stop());
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    expect(findRunningRelay(dataDir)).toMatchObject({ pid: process.pid, url: relay.url });
  });

  it('refuses a second holder while the first lives, and frees the data dir the moment the holder is killed', async () => {
    const dataDir = tempDir();
    const holder = await holderProcess(dataDir);
    expect(findRunningRelay(dataDir)).toMatchObject({ pid: holder.pid, url: 'http://127.0.0.1:1' });
    expect(() => DataDirLock.acquire(dataDir)).toThrow(DataDirLockedError);
    expect(() => DataDirLock.acquire(dataDir)).toThrow(`another relay (pid ${holder.pid}, http://127.0.0.1:1) is running on ${dataDir}`);

    await holder.kill(); // relay.lock stays behind, naming a dead pid (or, later, someone else's)
    expect(fs.existsSync(path.join(dataDir, lockFileName))).toBe(true);
    expect(findRunningRelay(dataDir)).toBeNull();
    const lock = DataDirLock.acquire(dataDir);
    cleanUp.push(() => lock.release());
    expect(findRunningRelay(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('refuses a second relay in the same process, and lets the next one in after release', async () => {
    const dataDir = tempDir();
    const first = DataDirLock.acquire(dataDir);
    expect(() => DataDirLock.acquire(dataDir)).toThrow(DataDirLockedError);
    first.release();
    expect(fs.existsSync(path.join(dataDir, lockFileName))).toBe(false);
    expect(findRunningRelay(dataDir)).toBeNull();
    DataDirLock.acquire(dataDir).release();
  });
});
