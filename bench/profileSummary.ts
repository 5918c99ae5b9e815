/**
 * Where a V8 CPU profile (`--cpu-prof`, e.g. from `bench/abFanout.ts --cpu-prof`) spent its time: self time by
 * function and by area (the file's package or the relay's directory), idle excluded, in % of busy samples.
 * With `--per=N`, also in µs per unit of work (e.g. the deliveries the profiled run made).
 *
 *   node bench/profileSummary.ts bench/results/profiles/CPU.*.cpuprofile [--top=40] [--per=33000]
 */
import fs from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const files = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 40);
const per = Number(process.argv.find((a) => a.startsWith('--per='))?.slice(6) ?? 0);

/** A short area name for a script URL. */
function area(url: string, name: string): string {
  if (!url) {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(program)') return '(program: native, not attributed)';
    return `native: ${name}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const relay = /\/(relay\/src\/[^/]+(?:\/[^/]+)?|shared\/[^/]+)\//.exec(url);
  if (relay) return relay[1];
  return url.replace(/^file:\/\/.*\/(?=[^/]+\/[^/]+$)/, '');
}

const selfByFunction = new Map<string, number>();
const selfByArea = new Map<string, number>();
let busy = 0;
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    const us = profile.timeDeltas[index] ?? 0;
    busy += us;
    const key = `${functionName || '(anonymous)'} ${url ? url.replace(/^.*\/(node_modules\/|relay\/src\/|shared\/|bench\/)/, '$1') + ':' + (lineNumber + 1) : ''}`;
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + us);
    const a = area(url, functionName);
    selfByArea.set(a, (selfByArea.get(a) ?? 0) + us);
  });
}

const row = (label: string, us: number) => `| ${label} | ${((100 * us) / busy).toFixed(1)} % |${per ? ` ${(us / per).toFixed(1)} |` : ''}`;
console.log(`busy ${(busy / 1e6).toFixed(2)} s${per ? `, ${(busy / per).toFixed(0)} µs per unit (${per})` : ''}\n`);
console.log(`| area | self |${per ? ' µs/unit |' : ''}\n| --- | ---: |${per ? ' ---: |' : ''}`);
for (const [label, us] of [...selfByArea].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(label, us));
console.log(`\n| function | self |${per ? ' µs/unit |' : ''}\n| --- | ---: |${per ? ' ---: |' : ''}`);
for (const [label, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(row(label, us));
