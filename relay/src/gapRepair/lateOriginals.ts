/**
 * The ingest side of the matching rule: an original arriving after gap repair recovered it is a duplicate. Each
 * process keeps the recovered events an original may still arrive for (their slug and body hash), read from the
 * store at most once per `refreshMs` and never on the ingest's own time once read; an ingest of the same slug
 * and body claims one (in the store, once) and is answered as that event instead of being stored again.
 */
import type { ClaimableRecovery, GapRepairStore } from '../store/gapRepairStore.ts';
import { bodyHash } from './bodyHash.ts';

export class LateOriginals {
  private readonly store: GapRepairStore;
  private readonly now: () => number;
  private readonly refreshMs: number;
  private recoveries: ClaimableRecovery[] = [];
  private readAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | null = null;
  /** Added while a read was under way (the read may not see them). */
  private addedDuringRead: ClaimableRecovery[] = [];

  constructor(options: { store: GapRepairStore; now: () => number; refreshMs?: number }) {
    this.store = options.store;
    this.now = options.now;
    this.refreshMs = options.refreshMs ?? 1000;
  }

  /** A recovery made by this process counts at once. */
  add(recovery: ClaimableRecovery): void {
    this.recoveries.push(recovery);
    if (this.reading) this.addedDuringRead.push(recovery);
  }

  /** The recovered event this ingest is the late original of (now claimed), or null: store it as usual. */
  async claim(slug: string, body: string): Promise<string | null> {
    const first = this.readAt === Number.NEGATIVE_INFINITY;
    if (this.now() - this.readAt >= this.refreshMs) {
      const reading = this.refresh();
      if (first) await reading;
    }
    const now = this.now();
    if (!this.recoveries.some((recovery) => recovery.slug === slug && recovery.claimableUntil > now)) return null;
    const hash = bodyHash(body);
    for (const recovery of this.recoveries) {
      if (recovery.slug !== slug || recovery.bodyHash !== hash || recovery.claimableUntil <= now) continue;
      this.recoveries = this.recoveries.filter((other) => other !== recovery);
      if (await this.store.claimRecovery(recovery.eventId, now)) return recovery.eventId;
    }
    return null;
  }

  private refresh(): Promise<void> {
    this.reading ??= this.store.claimableRecoveries(this.now())
      .then((recoveries) => {
        const read = new Set(recoveries.map((recovery) => recovery.eventId));
        this.recoveries = [...recoveries, ...this.addedDuringRead.filter((recovery) => !read.has(recovery.eventId))];
        this.readAt = this.now();
      })
      // The store away: ingest answers 503 on its own; keep what was known and read again next time.
      .catch(() => undefined)
      .finally(() => {
        this.reading = null;
        this.addedDuringRead = [];
      });
    return this.reading;
  }
}
