/**
 * `zapier-platform validate --without-style` (offline schema validation, after the app's _zapier-build) passes in the
 * repository and in a stand-alone copy of connector/ installed from npm: the app imports nothing from outside connector/.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repoDir = path.resolve(import.meta.dirname, '../..');
const connectorDir = path.join(repoDir, 'connector');

/** The CLI refuses Node 20: put a Node 22 (the `node` devDependency's) first on PATH, as npm scripts do. */
function envWithBins(...binDirs: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: [...binDirs, process.env.PATH].join(path.delimiter), DISABLE_ZAPIER_ANALYTICS: '1' };
  // The vitest worker's NODE_ENV=test would switch the CLI into its own test mode.
  delete env.NODE_ENV;
  return env;
}

async function validate(appDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const bin = path.join(appDir, 'node_modules/.bin/zapier-platform');
  const { stdout, stderr } = await run(bin, ['validate', '--without-style'], { cwd: appDir, env, timeout: 120_000 });
  return stdout + stderr;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('zapier-platform validate --without-style', () => {
  it('passes in the repository', { timeout: 120_000 }, async () => {
    const output = await validate(connectorDir, envWithBins(path.join(connectorDir, 'node_modules/.bin'), path.join(repoDir, 'node_modules/.bin')));
    expect(output).toContain('This project is structurally sound!');
  });

  it('passes in a stand-alone copy of connector/ after npm install', { timeout: 300_000 }, async () => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'connector-standalone-'));
    tempDirs.push(appDir);
    const skipped = new Set(['node_modules', 'dist', 'build']);
    fs.cpSync(connectorDir, appDir, { recursive: true, filter: (source) => !skipped.has(path.relative(connectorDir, source).split(path.sep)[0]) });
    // npm itself on Node 22 from the repo; the copy then brings its own Node 22 (the `node` devDependency).
    // --prefer-offline: the same locked packages the repository's own install just put in npm's cache (50 → 30 s).
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: appDir, env: envWithBins(path.join(repoDir, 'node_modules/.bin')), timeout: 280_000 });
    const output = await validate(appDir, envWithBins(path.join(appDir, 'node_modules/.bin')));
    expect(output).toContain('This project is structurally sound!');
    expect(fs.existsSync(path.join(appDir, 'dist/index.js'))).toBe(true);
  });
});
