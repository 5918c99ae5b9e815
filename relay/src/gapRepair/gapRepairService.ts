/**
 * Gap repair: the plugin sends each webhook once and never retries, but logs every send with its exact body.
 * While connected to a network, this service reads that log from where it left off (at start, every
 * RELAY_GAP_REPAIR_INTERVAL, and on demand) and, for each send to this relay's ingest URLs that the relay never
 * received, ingests the logged body through the normal ingest path, marked recovered.
 *
 * The matching rule (README, Gap repair): a log entry is decided once it is older than the grace period; it
 * consumes the earliest received event of its slug with byte-identical body within ± the window of its time that
 * no other entry consumed; if there is none, it is recovered. An original that arrives after its recovery
 * (within the window) is answered as a duplicate of the recovered event (lateOriginals.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { NetworkConnectionRecord } from '../store/networkStore.ts';
import type { Store } from '../store/store.ts';
import { boundedPages, PagingStopped } from '../outgoing/boundedPages.ts';
import { bodyHash } from './bodyHash.ts';
import type { GapRepairStore, LogEntryOutcome, LogEntryRecord } from '../store/gapRepairStore.ts';
import type { ListOptions, Page } from '../store/types.ts';
import type { LateOriginals } from './lateOriginals.ts';
import { ourIngestSlug } from './ourIngestUrl.ts';
import { readSendLogEntry, type PluginLogRecord } from './sendLogEntry.ts';

export type PassTrigger = 'start' | 'schedule' | 'request';

export interface GapRepairPass {
  trigger: PassTrigger;
  startedAt: number;
  finishedAt: number;
  /** done: read up to the newest entry old enough; more: stopped at the pass's page or time bound (the next pass goes on); not_connected; busy: another process is repairing; failed: see error. */
  status: 'done' | 'more' | 'not_connected' | 'busy' | 'failed';
  entriesRead: number;
  /** Of those, sends to this relay's ingest URLs, by what became of them. */
  received: number;
  recovered: number;
  unrecoverable: number;
  /** Sends to other URLs (other receivers, another relay). */
  notOurs: number;
  /** Sends older than the relay keeps events (RELAY_RETENTION): their originals may be deleted, so none is recovered. */
  beyondRetention: number;
  /** Stopped at an entry younger than the grace period: it and those after it wait for a later pass. */
  waiting: boolean;
  error: string | null;
}

export interface GapRepairSettings {
  intervalMs: number;
  graceMs: number;
  windowMs: number;
  /** Each call's deadline (RELAY_NETWORK_TIMEOUT). */
  networkTimeoutMs: number;
  /** A logged body larger than the ingest route takes is not recovered either. */
  maxBodyBytes: number;
  /** RELAY_RETENTION (0: everything kept): a received event older than this may be gone, so it cannot be matched. */
  retentionMs: number;
  /** Entries per page, pages and time per pass: a hostile or huge log is read in bounded steps. */
  pageSize?: number;
  maxPagesPerPass?: number;
  passDeadlineMs?: number;
}

export interface RecoveredIngest {
  event: string;
  payload: Record<string, unknown>;
  body: string;
  idempotencyKey: string;
}

export interface GapRepairDependencies {
  store: Store;
  ingestToken: string;
  settings: GapRepairSettings;
  /** One page of the network's send log (network/sendLogPage.ts: each call bounded in time and size, SSRF-guarded). */
  readLogPage: (network: NetworkConnectionRecord, page: number, perPage: number) => Promise<PluginLogRecord[]>;
  log: Logger;
  now: () => number;
  lateOriginals: LateOriginals;
  /** The normal ingest path (ingestEvent with source `recovered`): the recovered event fans out like any other. */
  ingest: (input: RecoveredIngest) => Promise<{ id: string }>;
  /** Counts each decided log entry (metrics). */
  counted: (outcome: LogEntryOutcome) => void;
}

type Decision = 'decided' | 'wait';

/** Where a reading of the log starts: a page, and the position (the last entry decided, and its offset in the log). */
interface LogReadingStart {
  page: number;
  cursorId: number;
  offsetHint: number;
}

export interface GapRepairStatus {
  networkUrl: string | null;
  settings: GapRepairSettings;
  position: { cursorId: number; offsetHint: number } | null;
  counts: Awaited<ReturnType<GapRepairStore['counts']>> | null;
  lastPass: GapRepairPass | null;
}

export class GapRepairService {
  private readonly deps: GapRepairDependencies;
  /** This process, as the holder of the repair lease. */
  readonly owner = `repair_${randomBytes(6).toString('hex')}`;
  private running: Promise<GapRepairPass> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly pageSize: number;
  private readonly maxPagesPerPass: number;
  private readonly passDeadlineMs: number;
  private readonly leaseMs: number;

  constructor(deps: GapRepairDependencies) {
    this.deps = deps;
    const { settings } = deps;
    this.pageSize = settings.pageSize ?? 100;
    this.maxPagesPerPass = settings.maxPagesPerPass ?? 20;
    this.passDeadlineMs = settings.passDeadlineMs ?? 2 * 60_000;
    // Held through the pass's last call: its deadline, one more call, and room for a slow store.
    this.leaseMs = this.passDeadlineMs + settings.networkTimeoutMs + 30_000;
  }

  /** A pass now, then one every interval (none when the interval is 0: on demand only). */
  start(): void {
    if (this.deps.settings.intervalMs <= 0) return;
    const tick = (trigger: PassTrigger) => {
      void this.runPass(trigger).finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(() => tick('schedule'), this.deps.settings.intervalMs);
        this.timer.unref();
      });
    };
    tick('start');
  }

  /** No more passes; a pass under way stops at its next entry (waited for at most 5 s: a network call may hang). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (!this.running) return;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.running.catch(() => undefined), new Promise((resolve) => (timeout = setTimeout(resolve, 5000)))]);
    clearTimeout(timeout);
  }

  /** Where repair stands for the connected network: position, figures, the last pass (of any process). */
  async status(): Promise<GapRepairStatus> {
    const network = await this.deps.store.network.get();
    if (!network) return { networkUrl: null, settings: this.deps.settings, position: null, counts: null, lastPass: null };
    const gaps = this.deps.store.gapRepair;
    const [position, counts] = await Promise.all([gaps.position(network.networkUrl), gaps.counts(network.networkUrl)]);
    return {
      networkUrl: network.networkUrl,
      settings: this.deps.settings,
      position: { cursorId: position.cursorId, offsetHint: position.offsetHint },
      counts,
      lastPass: position.lastPass ? (JSON.parse(position.lastPass) as GapRepairPass) : null,
    };
  }

  /** The connected network's decided log entries, newest first (none when not connected). */
  async entries(outcome: LogEntryOutcome | undefined, options: ListOptions): Promise<Page<LogEntryRecord>> {
    const network = await this.deps.store.network.get();
    if (!network) return { items: [], nextCursor: null };
    return this.deps.store.gapRepair.listEntries({ networkUrl: network.networkUrl, outcome }, options);
  }

  /** One pass; a pass already running in this process is joined, not doubled. */
  runPass(trigger: PassTrigger): Promise<GapRepairPass> {
    this.running ??= this.pass(trigger).finally(() => (this.running = null));
    return this.running;
  }

  private async pass(trigger: PassTrigger): Promise<GapRepairPass> {
    const { store, now, log } = this.deps;
    const result: GapRepairPass = {
      trigger, startedAt: now(), finishedAt: 0, status: 'done', entriesRead: 0,
      received: 0, recovered: 0, unrecoverable: 0, notOurs: 0, beyondRetention: 0, waiting: false, error: null,
    };
    const finish = (status: GapRepairPass['status']) => ({ ...result, status, finishedAt: now() });
    let network: NetworkConnectionRecord | null;
    try {
      network = await store.network.get();
    } catch (error) {
      result.error = (error as Error).message;
      return finish('failed');
    }
    if (!network) return finish('not_connected');
    const gaps = store.gapRepair;
    let outcome: GapRepairPass;
    try {
      if (!(await gaps.acquireLease(network.networkUrl, this.owner, now(), this.leaseMs))) return finish('busy');
      try {
        outcome = finish(await this.readLog(network, result));
      } finally {
        await gaps.releaseLease(network.networkUrl, this.owner);
      }
    } catch (error) {
      result.error = (error as Error).message;
      outcome = finish('failed');
    }
    if (outcome.error) log.warn('gap repair pass failed', { network: network.networkUrl, error: outcome.error });
    else if (outcome.recovered || outcome.unrecoverable) {
      log.info('gap repair recovered events', { network: network.networkUrl, recovered: outcome.recovered, unrecoverable: outcome.unrecoverable, received: outcome.received });
    }
    await gaps.recordPass(network.networkUrl, outcome.finishedAt, JSON.stringify(outcome)).catch(() => undefined);
    return outcome;
  }

  /** Reads the log from the position on, within the pass's page and time bounds, deciding each new entry; moves the position as it goes. */
  private async readLog(network: NetworkConnectionRecord, result: GapRepairPass): Promise<'done' | 'more'> {
    const endsAt = this.deps.now() + this.passDeadlineMs;
    const { cursorId, offsetHint } = await this.deps.store.gapRepair.position(network.networkUrl);
    // The page holding the position's own entry: it starts at or before it unless entries before it were deleted.
    let from: LogReadingStart = { page: offsetHint > 0 ? Math.floor((offsetHint - 1) / this.pageSize) + 1 : 1, cursorId, offsetHint };
    let maxPages = this.maxPagesPerPass;
    for (;;) {
      const read = await this.readFrom(network, result, from, maxPages, endsAt);
      if (read !== 'misplaced') return read;
      // Entries before the position were deleted on the network (or the log was emptied). Read again from the first
      // page (never misplaced): entries already decided are skipped by id. The page read counts toward the pass.
      from = { page: 1, cursorId, offsetHint: 0 };
      maxPages--;
    }
  }

  /**
   * One reading of the log from `from.page`, through boundedPages: at most `maxPages` pages, until `endsAt`, and a
   * page repeating earlier ones (a network ignoring `page`, or cycling) fails the pass. The position is saved after
   * each page, so it never passes an entry not decided. 'misplaced': the first page read, when not page 1, no longer
   * starts at or before the position (entries before it were deleted); nothing was decided.
   */
  private async readFrom(network: NetworkConnectionRecord, result: GapRepairPass, from: LogReadingStart, maxPages: number, endsAt: number): Promise<'done' | 'more' | 'misplaced'> {
    const { store, now } = this.deps;
    const gaps = store.gapRepair;
    let { cursorId, offsetHint } = from;
    // readLogPage bounds each page itself (RELAY_NETWORK_TIMEOUT, 8 MB, the SSRF guard); a pass, by pages and time.
    const readPage = async (page: number, perPage: number) => ({ records: await this.deps.readLogPage(network, page, perPage), bytes: 0 });
    const limits = { perPage: this.pageSize, maxPages, deadlineMs: endsAt - now(), maxBytes: Number.POSITIVE_INFINITY };
    let page = from.page;
    try {
      for await (const records of boundedPages(readPage, limits, { firstPage: from.page, now })) {
        if (page === from.page && page > 1 && (records.length === 0 || Number(records[0].id) > cursorId)) return 'misplaced';
        for (let index = 0; index < records.length; index++) {
          const entryId = Number(records[index].id);
          if (!Number.isSafeInteger(entryId)) continue;
          // Ids only grow: anything at or below the position was decided; passing it still moves where to resume.
          // (The index leaves out records repeated from the page before: the hint may fall short, never past.)
          if (entryId <= cursorId) {
            offsetHint = (page - 1) * this.pageSize + index + 1;
            continue;
          }
          if (this.stopped) break;
          result.entriesRead++;
          if ((await this.decide(network, records[index], result)) === 'wait') {
            result.waiting = true;
            await gaps.savePosition(network.networkUrl, this.owner, { cursorId, offsetHint });
            return 'done';
          }
          cursorId = entryId;
          offsetHint = (page - 1) * this.pageSize + index + 1;
        }
        await gaps.savePosition(network.networkUrl, this.owner, { cursorId, offsetHint });
        // Renewed before the next page: a pass that lost its lease (slowed past it) stops, another process goes on.
        if (this.stopped || !(await gaps.acquireLease(network.networkUrl, this.owner, now(), this.leaseMs))) return 'more';
        page++;
      }
      return 'done';
    } catch (error) {
      if (!(error instanceof PagingStopped)) throw error;
      if (error.reason !== 'repeat') return 'more';
      throw new Error(`the network's send log (/event) repeats itself (${error.message}): is this network's plugin up to date?`);
    }
  }

  private async decide(network: NetworkConnectionRecord, record: PluginLogRecord, result: GapRepairPass): Promise<Decision> {
    const { store, now, settings } = this.deps;
    const gaps = store.gapRepair;
    const entry = readSendLogEntry(record);
    if (entry.kind === 'other') return 'decided';
    const slug = ourIngestSlug(entry.url, this.deps.ingestToken);
    if (slug === null) {
      result.notOurs++;
      return 'decided';
    }
    const loggedAt = entry.loggedAtNetwork;
    if (!(now() >= loggedAt + settings.graceMs)) return 'wait';
    // Its original, if received, may have been deleted with old events: recovering it could deliver it twice.
    if (settings.retentionMs > 0 && loggedAt < now() - settings.retentionMs + settings.windowMs) {
      result.beyondRetention++;
      return 'decided';
    }
    // Decided before (a pass that stopped between deciding and moving the position): never twice.
    if (await gaps.entry(network.networkUrl, entry.entryId)) return 'decided';
    const base = { networkUrl: network.networkUrl, entryId: entry.entryId, slug, loggedAt, recordedAt: now() };
    const unrecoverable = async (reason: string) => {
      if (await gaps.record({ ...base, outcome: 'unrecoverable', eventId: null, reason, bodyHash: null, claimableUntil: null, lateOriginalAt: null })) {
        result.unrecoverable++;
        this.deps.counted('unrecoverable');
      }
      return 'decided' as const;
    };
    if (entry.kind === 'unreadable') return unrecoverable(entry.reason);
    if (Buffer.byteLength(entry.body) > settings.maxBodyBytes) return unrecoverable(`the body is larger than RELAY_MAX_BODY_BYTES (${settings.maxBodyBytes} bytes), which the relay refuses on ingest too`);

    const paired = await gaps.pairWithReceived({ ...base, body: entry.body, from: loggedAt - settings.windowMs, to: loggedAt + settings.windowMs, now: now() });
    if (paired !== null) {
      result.received++;
      this.deps.counted('received');
      return 'decided';
    }
    if (await gaps.entry(network.networkUrl, entry.entryId)) return 'decided';
    // The key makes the recovery itself happen once, even if this pass stops before recording it.
    const { id } = await this.deps.ingest({
      event: slug,
      payload: JSON.parse(entry.body) as Record<string, unknown>,
      body: entry.body,
      idempotencyKey: `plugin-log:${network.networkUrl}#${entry.entryId}`,
    });
    const hash = bodyHash(entry.body);
    const claimableUntil = loggedAt + settings.windowMs;
    if (await gaps.record({ ...base, outcome: 'recovered', eventId: id, reason: null, bodyHash: hash, claimableUntil, lateOriginalAt: null })) {
      result.recovered++;
      this.deps.counted('recovered');
      this.deps.lateOriginals.add({ eventId: id, slug, bodyHash: hash, claimableUntil });
    }
    return 'decided';
  }
}
