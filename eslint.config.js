// Lint: typescript-eslint's recommended rules, no console in src/, and the resolver boundary —
// resolvers reach stores through the request context, never a Redis, queue or vector client.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.scratch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.ts'], rules: { 'no-console': 'error' } },
  {
    files: ['src/resolvers/**/*.ts', 'src/schema/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['ioredis', 'bullmq', '@lancedb/*', 'weaviate-client'], message: 'resolvers read through ctx.services / ctx.loaders, not a client' },
            { group: ['**/redis/connection*', '**/vector/lancedb*', '**/vector/weaviate*'], message: 'resolvers read through ctx.services / ctx.loaders, not a client' },
          ],
        },
      ],
    },
  },
);
