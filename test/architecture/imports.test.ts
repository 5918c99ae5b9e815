/**
 * The import graph stays a tree of rooms: no import cycles anywhere in relay/, shared/ or the connector, and the
 * API and the web page never import each other (they are composed side by side in relay/src/httpApp.ts).
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

describe('imports', () => {
  it('have no cycles in the relay, shared code, the connector, the bench and the tests', async () => {
    const tree = await dependencyTree(['relay/src', 'shared', 'connector/src', 'bench', 'test']);
    expect(Object.keys(tree).length).toBeGreaterThan(100); // the graph was really read
    expect(parseCircular(tree)).toEqual([]);
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
