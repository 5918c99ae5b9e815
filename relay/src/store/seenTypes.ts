/** The per-type tally of events received (event_types_seen), kept by both stores in a DeferredTally. */
export interface SeenType {
  first: number;
  last: number;
  count: number;
}

export const mergeSeenTypes = (earlier: SeenType, later: SeenType): SeenType => ({ first: earlier.first, last: later.last, count: earlier.count + later.count });

export const seenOnce = (receivedAt: number): SeenType => ({ first: receivedAt, last: receivedAt, count: 1 });
