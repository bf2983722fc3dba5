import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'contract-tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    reporters: ['default', './scripts/lib/summary-reporter.ts'],
    typecheck: { include: ['test/**/*.test-d.ts', 'contract-tests/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['./contract-tests/global-setup.ts'],
    testTimeout: 15_000,
  },
});
