import { defineConfig } from 'vitest/config';

/** Tests that load the whole machine (many processes, thousands of events): one at a time, last. */
const heavy = ['test/adversarial/crash.test.ts', 'test/relay/startRelay/scaleOut.test.ts'];
/** Against one real Ultimate Multisite network whose flows build on each other: one file at a time, after the rest. */
const live = ['test/live/**/*.test.ts'];

export default defineConfig({
  test: {
    // Tests start real servers and processes on a 2-core machine: generous limits, never timing assertions.
    // 60 s: on a slow 2-core machine a CLI test spawning a dozen Node processes takes 20 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Most suites wait on sockets, timers and child processes rather than compute: three at a time keep 2 cores busy.
    maxWorkers: 3,
    exclude: ['**/node_modules/**', '**/dist/**', 'test-artifacts/**'],
    projects: [
      { extends: true, test: { name: 'suite', exclude: ['**/node_modules/**', '**/dist/**', ...heavy, ...live], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'heavy', include: heavy, fileParallelism: false, sequence: { groupOrder: 1 } } },
      // A live network is WordPress under php -S: on a loaded machine (load 25 on 2 cores seen) a test's dozen calls take a minute.
      { extends: true, test: { name: 'live', include: live, globalSetup: ['test/live/support/announceSkip.ts'], fileParallelism: false, testTimeout: 180_000, hookTimeout: 180_000, sequence: { groupOrder: 2 } } },
    ],
  },
});
