import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'engine/**/*.test.ts', 'cli/**/*.test.ts', 'viz/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
  },
});
