/**
 * Copies the event catalog from shared/events/catalog.json into the connector (src/catalog/catalog.json).
 * The connector must stand alone when copied out of the repository, so it carries its own copy;
 * a root test fails when the copy drifts. Run from connector/: `npm run sync-catalog`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const connectorDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const sharedCatalogPath = path.resolve(connectorDir, '../shared/events/catalog.json');
export const connectorCatalogPath = path.resolve(connectorDir, 'src/catalog/catalog.json');

/** The exact text the connector's copy must have for a given shared catalog text. */
export function connectorCatalogText(sharedCatalogText: string): string {
  const { about, pluginVersionsRead, events } = JSON.parse(sharedCatalogText) as Record<string, unknown>;
  const generated = 'Generated from shared/events/catalog.json by connector/scripts/sync-catalog.ts; do not edit by hand.';
  return JSON.stringify({ generated, about, pluginVersionsRead, events }, null, 2) + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = connectorCatalogText(fs.readFileSync(sharedCatalogPath, 'utf8'));
  fs.writeFileSync(connectorCatalogPath, text);
  console.log(`wrote ${path.relative(process.cwd(), connectorCatalogPath)}`);
}
