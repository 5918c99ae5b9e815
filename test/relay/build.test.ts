/**
 * `npm start` builds the relay once, atomically (relay/build.ts): two processes started at once from one
 * checkout (an API and a worker, as docs/scaling.md runs them) both start, neither deletes the other's files,
 * unchanged sources are not built again, and a rebuild leaves the build a running relay was started from.
 * Run on a copy of the project's sources (its node_modules linked), so the checkout's own dist is left alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/relayCli.ts';
import { tempDir } from '../support/testRelay.ts';
import { until } from '../support/until.ts';

const copy = path.join(repoRoot, 'test-artifacts', `build-copy-${process.pid}`);
const started: ChildProcess[] = [];

/** Whether any process of `npm start`'s group (npm, its shell, the relay) is still running. */
function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  // npm does not pass SIGTERM on to the relay it started: end the whole process group, and wait until it is gone.
  for (const child of started) {
    if (!groupAlive(child)) continue;
    process.kill(-child.pid!, 'SIGTERM');
    await until(() => groupAlive(child), (alive) => !alive, { timeoutMs: 30_000 });
  }
  fs.rmSync(copy, { recursive: true, force: true });
});

function copyProject(): void {
  fs.rmSync(copy, { recursive: true, force: true });
  fs.mkdirSync(copy, { recursive: true });
  for (const entry of ['relay', 'shared', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) fs.cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(repoRoot, 'node_modules')), path.join(copy, 'node_modules'));
}

/** `npm start` in the copy, as a person types it; resolves with what it printed once it listens. */
function npmStart(): { child: ChildProcess; output: () => string } {
  const child = spawn('npm', ['start'], {
    cwd: copy,
    env: { ...process.env, PORT: '0', RELAY_DATA_DIR: tempDir('relay-build-'), RELAY_LOG_LEVEL: 'info', RELAY_URL: '', RELAY_API_KEY: '', RELAY_INGEST_TOKEN: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return { child, output: () => output };
}

const build = () => spawnSync(path.join(copy, 'node_modules/.bin/node'), ['relay/build.ts'], { cwd: copy, encoding: 'utf8' });
const builds = () => fs.readdirSync(path.join(copy, 'dist-builds')).sort();

describe('npm start: one build, swapped in atomically', () => {
  it('two npm start at once from one checkout both start; an unchanged build is kept; a rebuild keeps the running one', async () => {
    copyProject();
    const [first, second] = [npmStart(), npmStart()];
    for (const relay of [first, second]) {
      const output = await until(relay.output, (text) => text.includes('listening on') || relay.child.exitCode !== null, { timeoutMs: 90_000 });
      expect(output, output).toContain('listening on');
      expect(output).not.toContain('ENOENT');
    }
    // One build, complete, behind the dist link; no half-written folder left.
    expect(fs.lstatSync(path.join(copy, 'dist')).isSymbolicLink()).toBe(true);
    const [digest] = builds();
    expect(builds()).toEqual([digest]);
    expect(fs.readlinkSync(path.join(copy, 'dist'))).toBe(path.join('dist-builds', digest));
    expect(fs.existsSync(path.join(copy, 'dist/relay/src/web/assets/app.css'))).toBe(true);

    // Unchanged sources: not built again (a file put in the build stays).
    fs.writeFileSync(path.join(copy, 'dist-builds', digest, 'kept'), '');
    expect(build().status).toBe(0);
    expect(builds()).toEqual([digest]);
    expect(fs.existsSync(path.join(copy, 'dist/kept'))).toBe(true);

    // Changed sources: a new build behind the link; the one the two relays run from stays, and they still answer.
    fs.appendFileSync(path.join(copy, 'relay/src/cli/commands/keys.ts'), '\n// changed\n');
    expect(build().status).toBe(0);
    expect(builds()).toHaveLength(2);
    expect(fs.readlinkSync(path.join(copy, 'dist'))).not.toBe(path.join('dist-builds', digest));
    for (const relay of [first, second]) {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(relay.output())![1];
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    }
  }, 180_000);
});
