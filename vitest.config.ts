import { defineConfig } from 'vitest/config';

// Tests share one real Redis; each uses its own key prefix and queue name, so files run in parallel.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins-examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
