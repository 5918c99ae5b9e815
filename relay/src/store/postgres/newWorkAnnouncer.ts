/**
 * Sends the new-work NOTIFY after the work is committed, in its own statement, coalesced: one in flight at a
 * time, and everything announced meanwhile becomes one more. PostgreSQL serialises the commits of
 * transactions that NOTIFY, so notifying inside every ingest batch would make the batches queue at COMMIT.
 */
import type { Pool } from 'pg';

export class NewWorkAnnouncer {
  private sending: Promise<void> | null = null;
  private again = false;

  private readonly pool: Pool;
  private readonly channel: string;

  constructor(pool: Pool, channel: string) {
    this.pool = pool;
    this.channel = channel;
  }

  announce(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.send();
  }

  async settled(): Promise<void> {
    while (this.sending) await this.sending;
  }

  private async send(): Promise<void> {
    do {
      this.again = false;
      // A lost notification only delays workers until their next poll.
      await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']).catch(() => undefined);
    } while (this.again);
    this.sending = null;
  }
}
