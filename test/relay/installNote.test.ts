/** `npm install`'s postinstall note (relay/installNote.js): said when npm runs on a Node older than 22, silent otherwise. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectNode, repoRoot } from '../support/relayCli.ts';

const note = (userAgent: string) =>
  spawnSync(projectNode, [path.join(repoRoot, 'relay/installNote.js')], { env: { ...process.env, npm_config_user_agent: userAgent }, encoding: 'utf8' }).stdout;

describe('the install note', () => {
  it("explains npm's EBADENGINE warning on Node 20, and says nothing on Node 22", () => {
    expect(note('npm/11.19.1 node/v20.20.2 linux x64 workspaces/false')).toMatch(
      /^Note: npm runs on Node v20\.20\.2 here, so it warned EBADENGINE for better-sqlite3 \(it wants Node 22\)\. That is expected: .* Node v22\.\d+\.\d+ \(node_modules\/\.bin\/node\)\.\n$/,
    );
    expect(note('npm/11.19.1 node/v22.18.0 linux x64 workspaces/false')).toBe('');
  });
});
