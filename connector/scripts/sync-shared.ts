/**
 * Copies what the connector shares with the relay into it: the event catalog (shared/events/catalog.json →
 * src/catalog/catalog.json) and the Standard Webhooks signing code (shared/signing/standardWebhooks.ts →
 * src/signing/standardWebhooks.ts). The connector must stand alone when copied out of the repository, so it
 * carries its own copies; a root test fails when one drifts. Run from connector/: `npm run sync-shared`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const connectorDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface SharedCopy {
  shared: string;
  copy: string;
  /** The exact text the copy must have for a given text of the shared file. */
  text: (sharedText: string) => string;
}

const generated = (from: string) => `Generated from ${from} by connector/scripts/sync-shared.ts; do not edit by hand.`;

export const sharedCopies: SharedCopy[] = [
  {
    shared: path.resolve(connectorDir, '../shared/events/catalog.json'),
    copy: path.resolve(connectorDir, 'src/catalog/catalog.json'),
    text: (sharedText) => {
      const { about, pluginVersionsRead, events } = JSON.parse(sharedText) as Record<string, unknown>;
      return JSON.stringify({ generated: generated('shared/events/catalog.json'), about, pluginVersionsRead, events }, null, 2) + '\n';
    },
  },
  {
    shared: path.resolve(connectorDir, '../shared/signing/standardWebhooks.ts'),
    copy: path.resolve(connectorDir, 'src/signing/standardWebhooks.ts'),
    text: (sharedText) => `// ${generated('shared/signing/standardWebhooks.ts')}\n${sharedText}`,
  },
];

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { shared, copy, text } of sharedCopies) {
    fs.writeFileSync(copy, text(fs.readFileSync(shared, 'utf8')));
    console.log(`wrote ${path.relative(process.cwd(), copy)}`);
  }
}
