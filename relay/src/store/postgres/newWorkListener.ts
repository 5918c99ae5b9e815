/**
 * LISTEN for the store's new-work channel on a dedicated connection, so a worker process wakes as soon as any
 * process (an api-only one included) commits new deliveries. Reconnects after a lost connection; meanwhile
 * workers still poll, so a missed notification only costs latency.
 */
import pg from 'pg';
import type { PoolConfig } from 'pg';

export class NewWorkListener {
  private client: pg.Client | null = null;
  private readonly listeners = new Set<() => void>();
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;

  private readonly config: PoolConfig;
  private readonly channel: string;

  constructor(config: PoolConfig, channel: string) {
    this.config = config;
    this.channel = channel;
  }

  add(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.client && !this.retryTimer) void this.connect();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client(this.config);
    this.client = client;
    client.on('notification', () => this.listeners.forEach((listener) => listener()));
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    try {
      await client.connect();
      await client.query(`LISTEN "${this.channel}"`);
    } catch {
      this.reconnectLater(client);
    }
  }

  private reconnectLater(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, 1000);
  }
}
