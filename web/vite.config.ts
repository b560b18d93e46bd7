/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const generated = fileURLToPath(new URL('../clients/typescript/src/generated', import.meta.url));

// The app calls the API only through the generated TypeScript client, imported as `@api`.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@api$/, replacement: `${generated}/index.ts` },
      { find: /^@api\/(.*)$/, replacement: `${generated}/$1` },
      { find: /^@\/(.*)$/, replacement: `${fileURLToPath(new URL('./src', import.meta.url))}/$1` },
    ],
  },
  server: {
    port: 5173,
    // `npm run dev` against an API started with `make up`.
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:8000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Budget: the whole app (React, Router, Query, Radix, RHF, zod/mini) in one chunk of ~530 kB (~161 kB gzip).
    // The trace explorer (pages/traces, @tanstack/react-virtual) is a lazy chunk of its own (~60 kB).
    chunkSizeWarningLimit: 540,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup.ts'],
    restoreMocks: true,
    // user-event typing in jsdom is CPU-bound: on a loaded 2-core runner a form test can take several seconds
    testTimeout: 30_000,
  },
});
