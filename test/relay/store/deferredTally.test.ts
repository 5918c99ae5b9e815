import { expect, test } from 'vitest';
import { DeferredTally } from '../../../relay/src/store/deferredTally.ts';

const nextTurns = async (turns: number) => {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
};

function tally(minIntervalMs: number) {
  const writes: Record<string, number>[] = [];
  const counts = new DeferredTally<number>((a, b) => a + b, async (entries) => void writes.push(Object.fromEntries(entries)), () => undefined, { minIntervalMs });
  return { counts, writes };
}

test('spaced: what is added during the interval is merged into one write, which flush() makes at once', async () => {
  const { counts, writes } = tally(60_000);
  counts.add('payment_received', 1);
  await counts.flush();
  expect(writes).toEqual([{ payment_received: 1 }]);
  // Added over several turns of the event loop, inside the interval: held, then written together.
  counts.add('payment_received', 1);
  await nextTurns(5);
  counts.add('payment_received', 1);
  counts.add('site_published', 1);
  await nextTurns(5);
  await counts.flush();
  expect(writes).toEqual([{ payment_received: 1 }, { payment_received: 2, site_published: 1 }]);
  counts.stop();
});

test('not spaced: each turn\'s additions are written as soon as the previous write ends', async () => {
  const { counts, writes } = tally(0);
  counts.add('payment_received', 1);
  await counts.flush();
  counts.add('payment_received', 1);
  await nextTurns(5);
  counts.add('payment_received', 1);
  await counts.flush();
  expect(writes).toEqual([{ payment_received: 1 }, { payment_received: 1 }, { payment_received: 1 }]);
});
