/**
 * Builds the relay for `npm start`: its TypeScript compiled to JavaScript, with the files it reads beside its
 * modules (the web page's CSS and script). Why not run the sources as the tests and the CLI do: Node strips types
 * with a WebAssembly compiler that it loads into the process and keeps, about 30 MB of the idle relay's memory
 * (bench/README.md, footprint).
 *
 *   node relay/build.ts [--out=DIR] [--project=tsconfig.build.json]
 *
 * Without `--out`, `dist` is a symbolic link to `dist-builds/<digest of the sources>`: a build goes to a folder of
 * its own, is renamed into place whole and the link is swapped atomically, and sources unchanged since the last
 * build are not built again. So two processes started from one checkout (an API and a worker) never see a
 * half-built or deleted `dist`, and a running relay keeps the files it was started from.
 * `--out=DIR` (inside the project, so that node_modules resolve): a plain build into DIR, for one caller.
 * `--project`: another config extending tsconfig.build.json, with more entry points (the bench's processes).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const option = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const project = path.resolve(root, option('project') ?? 'tsconfig.build.json');
const typescriptDir = path.dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
const tsc = path.join(typescriptDir, 'bin', 'tsc');
/** Builds kept besides the current one: a relay started from an older build still finds its files (its sender thread's module, its assets). */
const keptBuilds = 3;

/** Every file under `dir` (relative to the project), sorted. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** What the build depends on: the sources, the configs, the package manifest, the compiler's version and this script. */
function sourceDigest(): string {
  const hash = createHash('sha256');
  const inputs = [...filesUnder('relay/src'), ...filesUnder('shared'), 'package.json', 'tsconfig.json', path.relative(root, project), 'relay/build.ts'];
  for (const file of inputs) hash.update(`${file}\0`).update(fs.readFileSync(path.join(root, file))).update('\0');
  hash.update(fs.readFileSync(path.join(typescriptDir, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

function compile(out: string): void {
  const compiled = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', out], { stdio: 'inherit' });
  if (compiled.status !== 0) process.exit(compiled.status ?? 1);
  // Assets the modules read at run time: every file the compiler does not emit.
  for (const dir of ['relay/src', 'shared']) {
    for (const file of filesUnder(dir).filter((name) => !/\.(ts|json)$/.test(name))) fs.copyFileSync(path.join(root, file), path.join(out, file));
  }
}

/** Replaces `link` by a symbolic link to `target` in one rename: a reader sees the old build or the new one, never none. */
function pointLink(link: string, target: string): void {
  if (fs.lstatSync(link, { throwIfNoEntry: false })?.isDirectory()) fs.rmSync(link, { recursive: true, force: true }); // a plain dist/ from before
  const temporary = `${link}.${process.pid}.tmp`;
  fs.rmSync(temporary, { force: true });
  fs.symlinkSync(target, temporary);
  fs.renameSync(temporary, link);
}

const isRunning = (pid: number) => {
  try {
    return process.kill(pid, 0), true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Keeps the newest builds and those still being written; removes what a killed build left. */
function pruneOldBuilds(builds: string, current: string): void {
  for (const name of fs.readdirSync(builds)) {
    const pid = /\.tmp-(\d+)$/.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) fs.rmSync(path.join(builds, name), { recursive: true, force: true });
  }
  const old = fs.readdirSync(builds)
    .filter((name) => name !== current && !name.includes('.tmp-'))
    .map((name) => ({ name, mtime: fs.statSync(path.join(builds, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime)
    .slice(keptBuilds);
  for (const { name } of old) fs.rmSync(path.join(builds, name), { recursive: true, force: true });
}

const out = option('out');
if (out) {
  const target = path.resolve(root, out);
  fs.rmSync(target, { recursive: true, force: true });
  compile(target);
} else {
  const builds = path.join(root, 'dist-builds');
  const digest = sourceDigest();
  const build = path.join(builds, digest);
  if (!fs.existsSync(build)) {
    const temporary = path.join(builds, `${digest}.tmp-${process.pid}`);
    fs.rmSync(temporary, { recursive: true, force: true });
    compile(temporary);
    try {
      fs.renameSync(temporary, build);
    } catch (error) {
      // Another process built the same sources meanwhile: theirs is identical and already in place.
      if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      fs.rmSync(temporary, { recursive: true, force: true });
    }
  }
  fs.utimesSync(build, new Date(), new Date());
  pointLink(path.join(root, 'dist'), path.relative(root, build));
  pruneOldBuilds(builds, digest);
}
