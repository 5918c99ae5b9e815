/**
 * The import graph stays a tree of rooms: no import cycles anywhere in relay/, shared/ or the connector, none between
 * the rooms of relay/src either (a room is a top-level folder, or a root file on its own), and the API and the web
 * page never import each other (they are composed side by side in relay/src/httpApp.ts).
 * dpdm reads the real TypeScript imports, type-only ones included.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCircular, parseDependencyTree } from 'dpdm';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sourceFiles(folder: string): string[] {
  return fs.readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.includes('node_modules'))
    .map((file) => path.join(folder, file));
}

async function dependencyTree(folders: string[]) {
  const previous = process.cwd();
  process.chdir(root);
  try {
    return await parseDependencyTree(folders.flatMap(sourceFiles), { context: root, transform: false, skipDynamicImports: false });
  } finally {
    process.chdir(previous);
  }
}

/** The room of a relay/src file: its top-level folder, or the root file itself. */
function roomOf(file: string): string | undefined {
  return /^relay\/src\/([^/]+)/.exec(file)?.[1];
}

/** Every cycle of rooms, as the rooms of each strongly connected group of two or more (Tarjan). */
function roomCycles(edges: Map<string, Set<string>>): string[][] {
  const order = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (room: string) => {
    order.set(room, order.size);
    lowest.set(room, order.get(room)!);
    stack.push(room);
    for (const next of edges.get(room) ?? []) {
      if (!order.has(next)) {
        visit(next);
        lowest.set(room, Math.min(lowest.get(room)!, lowest.get(next)!));
      } else if (stack.includes(next)) {
        lowest.set(room, Math.min(lowest.get(room)!, order.get(next)!));
      }
    }
    if (lowest.get(room) !== order.get(room)) return;
    const group = stack.splice(stack.indexOf(room));
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const room of edges.keys()) if (!order.has(room)) visit(room);
  return cycles;
}

describe('imports', () => {
  it('have no cycles in the relay, shared code, the connector, the bench and the tests', async () => {
    const tree = await dependencyTree(['relay/src', 'shared', 'connector/src', 'bench', 'test']);
    expect(Object.keys(tree).length).toBeGreaterThan(100); // the graph was really read
    expect(parseCircular(tree)).toEqual([]);
  });

  it('have no cycles between the rooms of relay/src', async () => {
    const tree = await dependencyTree(['relay/src']);
    const edges = new Map<string, Set<string>>();
    for (const [file, dependencies] of Object.entries(tree)) {
      const from = roomOf(file);
      if (!from) continue;
      for (const dependency of dependencies ?? []) {
        const to = roomOf(dependency.id ?? '');
        if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(edges.get('relayContext.ts')?.has('store')).toBe(true); // the rooms' graph was really built
    expect(roomCycles(edges)).toEqual([]);
  });

  it('keep the API and the web page apart: neither imports the other', async () => {
    const tree = await dependencyTree(['relay/src']);
    const crossing: string[] = [];
    for (const [file, dependencies] of Object.entries(tree)) {
      const from = /^relay\/src\/(api|web)\//.exec(file)?.[1];
      if (!from) continue;
      for (const dependency of dependencies ?? []) {
        const to = /^relay\/src\/(api|web)\//.exec(dependency.id ?? '')?.[1];
        if (to && to !== from) crossing.push(`${file} → ${dependency.id}`);
      }
    }
    expect(Object.keys(tree).some((file) => file.startsWith('relay/src/web/'))).toBe(true);
    expect(crossing).toEqual([]);
  });
});
