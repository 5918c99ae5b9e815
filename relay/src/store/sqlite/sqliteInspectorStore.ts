/** The request inspector's tables in the embedded SQLite file, written through the store's group commit. */
import type Database from 'better-sqlite3';
import type { InspectorStore } from '../inspectorStore.ts';
import { inspectedRequestFromRow, inspectorBinFromRow, pageOf, type Row } from '../rows.ts';
import type { InspectedRequest, InspectorBin, ListOptions, Page } from '../types.ts';
import type { GroupCommit } from './groupCommit.ts';

export class SqliteInspectorStore implements InspectorStore {
  private readonly db: Database.Database;
  private readonly writes: GroupCommit;

  constructor(db: Database.Database, writes: GroupCommit) {
    this.db = db;
    this.writes = writes;
  }

  async createBin(bin: InspectorBin): Promise<InspectorBin> {
    return this.writes.write(() => {
      this.db.prepare('INSERT INTO inspector_bins (id, name, created_at) VALUES (@id, @name, @createdAt)').run(bin);
      return bin;
    });
  }

  async getBin(id: string): Promise<InspectorBin | null> {
    const row = this.db.prepare('SELECT * FROM inspector_bins WHERE id = ?').get(id) as Row | undefined;
    return row ? inspectorBinFromRow(row) : null;
  }

  async listBins(): Promise<InspectorBin[]> {
    return (this.db.prepare('SELECT * FROM inspector_bins ORDER BY seq DESC').all() as Row[]).map(inspectorBinFromRow);
  }

  async deleteBin(id: string): Promise<boolean> {
    return this.writes.write(() => {
      this.db.prepare('DELETE FROM inspected_requests WHERE bin_id = ?').run(id);
      return this.db.prepare('DELETE FROM inspector_bins WHERE id = ?').run(id).changes > 0;
    });
  }

  async recordRequest(request: InspectedRequest, keep: number): Promise<void> {
    return this.writes.write(() => {
      this.db.prepare(`INSERT INTO inspected_requests (id, bin_id, method, path, headers, body, received_at)
                       VALUES (@id, @binId, @method, @path, @headers, @body, @receivedAt)`)
        .run({ ...request, headers: JSON.stringify(request.headers) });
      this.db.prepare(`DELETE FROM inspected_requests WHERE bin_id = ? AND seq <= (
                         SELECT seq FROM inspected_requests WHERE bin_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)`)
        .run(request.binId, request.binId, keep);
    });
  }

  async listRequests(binId: string, options: ListOptions): Promise<Page<InspectedRequest>> {
    const rows = this.db.prepare(`SELECT * FROM inspected_requests WHERE bin_id = ? ${options.before ? 'AND seq < ?' : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...[binId, ...(options.before ? [Number(options.before)] : []), options.limit + 1]) as Row[];
    return pageOf(rows, options.limit, inspectedRequestFromRow);
  }
}
