/** The request inspector's tables in PostgreSQL. */
import type { Pool } from 'pg';
import type { InspectorStore } from '../inspectorStore.ts';
import { inspectedRequestFromRow, inspectorBinFromRow, pageOf, type Row } from '../rows.ts';
import type { InspectedRequest, InspectorBin, ListOptions, Page } from '../types.ts';
import { inTransaction } from './transaction.ts';

export class PostgresInspectorStore implements InspectorStore {
  private readonly pool: Pool;

  constructor(pool: Pool) {
    this.pool = pool;
  }

  async createBin(bin: InspectorBin): Promise<InspectorBin> {
    await this.pool.query('INSERT INTO inspector_bins (id, name, created_at) VALUES ($1, $2, $3)', [bin.id, bin.name, bin.createdAt]);
    return bin;
  }

  async getBin(id: string): Promise<InspectorBin | null> {
    const { rows } = await this.pool.query('SELECT * FROM inspector_bins WHERE id = $1', [id]);
    return rows[0] ? inspectorBinFromRow(rows[0] as Row) : null;
  }

  async listBins(): Promise<InspectorBin[]> {
    return ((await this.pool.query('SELECT * FROM inspector_bins ORDER BY seq DESC')).rows as Row[]).map(inspectorBinFromRow);
  }

  async deleteBin(id: string): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM inspected_requests WHERE bin_id = $1', [id]);
      return ((await client.query('DELETE FROM inspector_bins WHERE id = $1', [id])).rowCount ?? 0) > 0;
    });
  }

  async recordRequest(request: InspectedRequest, keep: number): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO inspected_requests (id, bin_id, method, path, headers, body, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [request.id, request.binId, request.method, request.path, JSON.stringify(request.headers), request.body, request.receivedAt],
      );
      await client.query(
        `DELETE FROM inspected_requests WHERE bin_id = $1 AND seq <= (
           SELECT seq FROM inspected_requests WHERE bin_id = $1 ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
        [request.binId, keep],
      );
    });
  }

  async listRequests(binId: string, options: ListOptions): Promise<Page<InspectedRequest>> {
    const params: unknown[] = [binId, options.limit + 1];
    if (options.before) params.push(Number(options.before));
    const { rows } = await this.pool.query(
      `SELECT * FROM inspected_requests WHERE bin_id = $1 ${options.before ? 'AND seq < $3' : ''} ORDER BY seq DESC LIMIT $2`,
      params,
    );
    return pageOf(rows as Row[], options.limit, inspectedRequestFromRow);
  }
}
