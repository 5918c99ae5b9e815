/** The connector carries its own copy of the catalog (it must stand alone); it must match shared/events/catalog.json. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventCatalog, fieldLabel } from '../../shared/events/catalog.ts';
import { fieldLabel as connectorFieldLabel } from '../../connector/src/catalog/fieldLabel.ts';
import { connectorCatalogPath, connectorCatalogText, sharedCatalogPath } from '../../connector/scripts/sync-catalog.ts';

describe("connector's copy of the event catalog", () => {
  it('is in sync with shared/events/catalog.json (fix: cd connector && npm run sync-catalog)', () => {
    expect(fs.readFileSync(connectorCatalogPath, 'utf8')).toBe(connectorCatalogText(fs.readFileSync(sharedCatalogPath, 'utf8')));
  });

  it('labels fields exactly as shared/ does', () => {
    const keys = new Set(eventCatalog.flatMap((event) => Object.keys(event.sample)));
    for (const key of [...keys, 'id', 'payload_id', 'ip_address', 'site_url']) expect(connectorFieldLabel(key), key).toBe(fieldLabel(key));
  });
});
