/**
 * The CLI's failures, as a person meets them: one line saying what to do (no stack unless RELAY_LOG_LEVEL=debug),
 * a meaningful exit code, help that never runs anything, and the keys of a fresh store shown even when the
 * start fails. Each test is a point of issue 15's "What was seen", run through the real CLI process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectNode, repoRoot, runRelayCli, type CliRun } from '../../support/relayCli.ts';
import { spawnRelayProcess, type RelayProcess } from '../../support/relayProcess.ts';
import { tempDir } from '../../support/testRelay.ts';

const noStack = (run: CliRun) => expect(run.stderr).not.toMatch(/^\s+at /m);
const oneErrorLine = (run: CliRun) => {
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^error: /);
  noStack(run);
};

let relays: RelayProcess[] = [];
afterEach(async () => {
  for (const relay of relays) await relay.stop();
  relays = [];
});

async function busyPort(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('relay start: configuration and environment errors', () => {
  it('PORT=abc and PORT=99999: the value and the expected form, exit 2', async () => {
    for (const port of ['abc', '99999']) {
      const run = await runRelayCli(['start'], { PORT: port, RELAY_DATA_DIR: tempDir() });
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`PORT=${port}: expected an integer from 0 to 65535`);
      noStack(run);
    }
  });

  it('reports every bad variable at once: short key, bad CIDR, public URL without scheme', async () => {
    const dataDir = tempDir();
    const run = await runRelayCli(['start'], {
      RELAY_DATA_DIR: dataDir, RELAY_API_KEY: 'short', RELAY_ALLOWED_TARGET_RANGES: '10.0.0.0/99', RELAY_PUBLIC_URL: 'relay.example.com', RELAY_SENDER_THREAD: 'maybe',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('4 problems');
    expect(run.stderr).toContain('RELAY_API_KEY (5 characters): expected at least 16 characters');
    expect(run.stderr).not.toContain('short'); // a key, even a bad one, is never echoed
    expect(run.stderr).toContain('RELAY_ALLOWED_TARGET_RANGES=10.0.0.0/99: expected comma-separated CIDR ranges');
    expect(run.stderr).toContain('RELAY_PUBLIC_URL=relay.example.com: expected an absolute http(s) URL');
    expect(run.stderr).toContain('RELAY_SENDER_THREAD=maybe: expected 1 or 0');
    noStack(run);
    expect(fs.readdirSync(dataDir)).toEqual([]); // nothing was created
  });

  it('RELAY_DATA_DIR=/proc/nope fails at once with a message (it used to spin at 100 % CPU)', async () => {
    const run = await runRelayCli(['start'], { RELAY_DATA_DIR: '/proc/nope', PORT: '0' }, 15_000);
    expect(run.code).toBe(1);
    oneErrorLine(run);
    expect(run.stderr).toContain('cannot use /proc/nope as the data dir (ENOENT): set RELAY_DATA_DIR to a folder this user can write');
  });

  it('a port in use: one line, after the keys generated for the fresh data dir were shown', async () => {
    const busy = await busyPort();
    try {
      const dataDir = tempDir();
      const run = await runRelayCli(['start'], { PORT: String(busy.port), RELAY_DATA_DIR: dataDir });
      expect(run.code).toBe(1);
      oneErrorLine(run);
      expect(run.stderr).toContain(`port ${busy.port} on 127.0.0.1 is already in use`);
      const shownKey = /API key \(generated[^)]*\): (rk_\S+)/.exec(run.stdout)?.[1];
      expect(shownKey).toBeDefined();
      expect(run.stdout).toMatch(/Ingest URL .*\/ingest\/it_\S+\/<event_slug>/);
      // The key shown is the one stored: the next start (and "relay keys") use it.
      const keys = await runRelayCli(['keys', '--json'], { RELAY_DATA_DIR: dataDir });
      expect(JSON.parse(keys.stdout).api_key).toBe(shownKey);
      expect(fs.existsSync(path.join(dataDir, 'relay.lock'))).toBe(false); // the failed start left no lock behind

      const debug = await runRelayCli(['start'], { PORT: String(busy.port), RELAY_DATA_DIR: dataDir, RELAY_LOG_LEVEL: 'debug' });
      expect(debug.code).toBe(1);
      expect(debug.stderr).toMatch(/^\s+at /m); // the stack, only when asked for
    } finally {
      await busy.close();
    }
  });

  it('an unreachable DATABASE_URL: one line naming the address', async () => {
    const busy = await busyPort();
    await busy.close(); // a port nobody listens on
    const run = await runRelayCli(['start'], { DATABASE_URL: `postgres://relay:secret@127.0.0.1:${busy.port}/relay`, PORT: '0' });
    expect(run.code).toBe(1);
    oneErrorLine(run);
    expect(run.stderr).toContain(`cannot reach PostgreSQL at 127.0.0.1:${busy.port} (ECONNREFUSED): check DATABASE_URL`);
    expect(run.stderr).not.toContain('secret');
  });

  it('a second relay on the same data dir is refused, naming the first', async () => {
    const dataDir = tempDir();
    const first = await spawnRelayProcess({ RELAY_DATA_DIR: dataDir });
    relays.push(first);
    const second = await runRelayCli(['start'], { RELAY_DATA_DIR: dataDir, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`error: another relay (pid ${first.child.pid}, ${first.url}) is running on ${dataDir}: stop it first, or give this one its own RELAY_DATA_DIR`);
    noStack(second);
  });
});

describe('relay CLI: parsing and help', () => {
  it('--version prints the version and exits 0', async () => {
    const version = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version as string;
    for (const flag of ['--version', '-V']) {
      const run = await runRelayCli([flag]);
      expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
    }
  });

  it('--help never runs the command: start does not start, keys prints no key, webhooks lists nothing', async () => {
    const dataDir = tempDir();
    const start = await runRelayCli(['start', '--help'], { RELAY_DATA_DIR: dataDir, PORT: '0' });
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^Usage: relay start/);
    expect(fs.readdirSync(dataDir)).toEqual([]); // no store, no lock: nothing started

    const relay = await spawnRelayProcess({ RELAY_DATA_DIR: dataDir });
    relays.push(relay);
    const keys = await runRelayCli(['keys', '--help'], { RELAY_DATA_DIR: dataDir });
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/^Usage: relay keys/);
    expect(keys.stdout + keys.stderr).not.toMatch(/rk_|it_/);
    const webhooks = await runRelayCli(['webhooks', '--help'], { RELAY_DATA_DIR: dataDir });
    expect(webhooks.code).toBe(0);
    expect(webhooks.stdout).toMatch(/^Usage: relay webhooks <command>/);
    expect(webhooks.stdout).toContain('rotate-secret');
    expect(webhooks.stderr).toBe(''); // it did not even look for the relay
    for (const args of [['webhooks', 'add', '--help'], ['help', 'emit'], ['deliveries', '-h']]) {
      const run = await runRelayCli(args, { RELAY_DATA_DIR: dataDir });
      expect(run.code, args.join(' ')).toBe(0);
      expect(run.stdout).toMatch(/^Usage: relay /);
    }
    // A webhook is for one event or several (or every one): the help says so.
    expect((await runRelayCli(['event-types', '--help'], { RELAY_DATA_DIR: dataDir })).stdout).toContain('a webhook is for one or several of them, or * for every event');
  });

  it('unknown commands, subcommands and options are refused with a suggestion, exit 2', async () => {
    const cases: [string[], string][] = [
      [['webhoks'], 'error: unknown command "webhoks" (did you mean "webhooks"?)'],
      [['webhooks', 'enabel', 'wh_1'], 'error: unknown webhooks command "enabel" (did you mean "enable"?)'],
      [['webhooks', 'add', '--name', 'x', '--actve', 'false'], 'error: webhooks add: unknown option --actve (did you mean "--active"?)'],
      [['emit', 'payment_received', '--sampel'], 'error: emit: unknown option --sampel (did you mean "--sample"?)'],
      [['webhooks', 'show'], 'error: webhooks show needs <webhook id>'],
      [['keys', 'extra'], 'error: keys: unexpected argument "extra"'],
      [['--verbose'], 'error: unknown option --verbose'],
    ];
    for (const [args, message] of cases) {
      const run = await runRelayCli(args, { RELAY_DATA_DIR: tempDir() });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toContain(message);
      noStack(run);
    }
  });

  it('emit --file /nope.json: one line saying what to give', async () => {
    const run = await runRelayCli(['emit', 'payment_received', '--file', '/nope.json'], { RELAY_DATA_DIR: tempDir() });
    expect(run.code).toBe(1);
    oneErrorLine(run);
    expect(run.stderr).toContain('cannot read --file /nope.json (ENOENT)');
  });

  it('a reader that stops early (| head) does not make the CLI die of EPIPE', async () => {
    const child = spawn(projectNode, ['relay/src/cli/main.ts', 'webhooks', 'add', '--help'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the CLI writes anything
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(0);
  });
});

describe('relay CLI: which relay it talks to', () => {
  it('finds the relay running on its data dir and says so', async () => {
    const dataDir = tempDir();
    const relay = await spawnRelayProcess({ RELAY_DATA_DIR: dataDir });
    relays.push(relay);
    const run = await runRelayCli(['webhooks', 'list'], { RELAY_DATA_DIR: dataDir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe(`relay: ${relay.url} (pid ${relay.child.pid}, data dir ${dataDir})\n`);
    expect(run.stdout).toContain('No webhooks yet');
  });

  it('refuses to create a store as a side effect when pointed at another data dir', async () => {
    const elsewhere = tempDir();
    const run = await runRelayCli(['keys'], { RELAY_DATA_DIR: elsewhere });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: no relay store in ${elsewhere}: run this where the relay runs (or set RELAY_DATA_DIR to its data dir), or set RELAY_URL and RELAY_API_KEY`);
    expect(run.stdout).not.toMatch(/rk_/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
  });
});
