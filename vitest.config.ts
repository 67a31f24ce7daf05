import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // `*.e2e.ts`: the end-to-end workload suites (three masters and three
    // workers as processes), run by `make e2e` (ORCA_E2E=1), not by `make test`:
    // they still fail intermittently on real bugs (see the README's open items).
    include: ['src/**/*.test.ts', 'cmd/**/*.test.ts', 'cluster-test/**/*.test.ts', ...(process.env['ORCA_E2E'] === '1' ? ['cluster-test/**/*.e2e.ts'] : [])],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: cluster tests start real processes; keep the pool small so
    // they do not starve each other of CPU and miss election timeouts.
    maxWorkers: 2,
    pool: 'forks',
  },
});
