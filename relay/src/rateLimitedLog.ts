/**
 * Keeps per-event and per-attempt log lines readable under load: each message gets `perWindow` lines per
 * `windowMs`; past that its lines are counted instead, and one summary line per message and window says how
 * many were left out (with the count per value of `groupBy`, e.g. per event slug). At 1,000 events/s the log
 * carries at most `perWindow` lines of each kind per window plus one summary, not 1,000.
 */
import type { LogFields, Logger } from './logger.ts';

type Level = 'info' | 'warn';

interface Budget {
  level: Level;
  used: number;
  suppressed: number;
  /** Suppressed lines counted by the value of the message's groupBy field. */
  byGroup: Map<string, number>;
  groupBy: string | undefined;
}

export interface RateLimitedLogOptions {
  perWindow: number;
  windowMs: number;
}

export class RateLimitedLog {
  private budgets = new Map<string, Budget>();
  private readonly timer: NodeJS.Timeout;
  private readonly log: Logger;
  private readonly options: RateLimitedLogOptions;

  constructor(log: Logger, options: RateLimitedLogOptions = { perWindow: 100, windowMs: 10_000 }) {
    this.log = log;
    this.options = options;
    this.timer = setInterval(() => this.flush(), options.windowMs);
    this.timer.unref();
  }

  info(message: string, fields: LogFields, groupBy?: string): void {
    this.write('info', message, fields, groupBy);
  }

  warn(message: string, fields: LogFields, groupBy?: string): void {
    this.write('warn', message, fields, groupBy);
  }

  private write(level: Level, message: string, fields: LogFields, groupBy: string | undefined): void {
    let budget = this.budgets.get(message);
    if (!budget) this.budgets.set(message, (budget = { level, used: 0, suppressed: 0, byGroup: new Map(), groupBy }));
    if (budget.used < this.options.perWindow) {
      budget.used++;
      this.log[level](message, fields);
      return;
    }
    budget.suppressed++;
    if (groupBy !== undefined) {
      const group = String(fields[groupBy]);
      budget.byGroup.set(group, (budget.byGroup.get(group) ?? 0) + 1);
    }
  }

  /** Ends the window: one summary line per message that went over its budget, then fresh budgets. */
  flush(): void {
    const budgets = this.budgets;
    this.budgets = new Map();
    for (const [message, budget] of budgets) {
      if (budget.suppressed === 0) continue;
      const fields: LogFields = { suppressed: budget.suppressed, window_s: this.options.windowMs / 1000 };
      if (budget.groupBy) fields[`by_${budget.groupBy}`] = Object.fromEntries(budget.byGroup);
      this.log[budget.level](`${message} (${budget.suppressed} more in this window, not logged one by one; see /metrics)`, fields);
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
