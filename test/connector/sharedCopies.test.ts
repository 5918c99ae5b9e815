/** The connector carries its own copies of the catalog and the signing code (it must stand alone); they must match shared/. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventCatalog, fieldLabel } from '../../shared/events/catalog.ts';
import { fieldLabel as connectorFieldLabel } from '../../connector/src/catalog/fieldLabel.ts';
import { sharedCopies } from '../../connector/scripts/sync-shared.ts';

describe("connector's copies of shared code", () => {
  it.each(sharedCopies.map((entry) => [path.basename(entry.copy), entry] as const))('%s is in sync with shared/ (fix: cd connector && npm run sync-shared)', (_name, { shared, copy, text }) => {
    expect(fs.readFileSync(copy, 'utf8')).toBe(text(fs.readFileSync(shared, 'utf8')));
  });

  it('labels fields exactly as shared/ does', () => {
    const keys = new Set(eventCatalog.flatMap((event) => Object.keys(event.sample)));
    for (const key of [...keys, 'id', 'payload_id', 'ip_address', 'site_url']) expect(connectorFieldLabel(key), key).toBe(fieldLabel(key));
  });
});
