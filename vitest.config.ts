import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Tests start real servers and processes on a 2-core machine: generous limits, never timing assertions.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    exclude: ['**/node_modules/**', '**/dist/**', 'test-artifacts/**'],
  },
});
