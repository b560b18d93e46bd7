import { defineConfig } from 'vitest/config';

// End-to-end: the real stack (API + worker + Postgres + Redis), an SMTP sink and a webhook receiver
// started by the test itself, driven through Debian's Chromium with playwright-core.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
