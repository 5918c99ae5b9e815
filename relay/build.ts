/**
 * Builds the relay for `npm start`: its TypeScript compiled to JavaScript in dist/ (or `--out=DIR`, inside the
 * project so that node_modules resolve), with the files it reads beside its modules (the web page's CSS and
 * script). Why not run the sources as the tests and the CLI do: Node strips types with a WebAssembly compiler
 * that it loads into the process and keeps, about 30 MB of the idle relay's memory (bench/README.md, footprint).
 *
 *   node relay/build.ts [--out=DIR] [--project=tsconfig.build.json]
 *
 * `--project`: another config extending tsconfig.build.json, with more entry points (the bench's processes).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const out = path.resolve(root, option('out', 'dist'));
const project = path.resolve(root, option('project', 'tsconfig.build.json'));
const tsc = path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

fs.rmSync(out, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', out], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

/** Every file under `dir` that the compiler does not emit: assets the modules read at run time. */
function copyAssets(dir: string): void {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(relative);
    else if (!/\.(ts|json)$/.test(entry.name)) fs.copyFileSync(path.join(root, relative), path.join(out, relative));
  }
}
copyAssets('relay/src');
copyAssets('shared');
