import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Tests share one real Redis; each uses its own key prefix and queue name, so files run in parallel.
export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS entry for yoga and friends; Vite would pick the .mjs one for
    // our sources. Two copies of GraphQLError break `instanceof` (client errors would be masked).
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['test/**/*.test.ts', 'plugins-examples/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
