import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', edge: 'src/edge.ts', api: 'src/api.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  external: [/^node:/, '@opentelemetry/api'],
  shims: true,
  removeNodeProtocol: false,
  tsconfig: 'tsconfig.build.json',
});
