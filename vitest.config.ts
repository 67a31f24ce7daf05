import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cmd/**/*.test.ts', 'cluster-test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: cluster tests start real processes; keep the pool small so
    // they do not starve each other of CPU and miss election timeouts.
    maxWorkers: 2,
    pool: 'forks',
  },
});
