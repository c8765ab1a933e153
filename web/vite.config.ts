import { defineConfig } from 'vitest/config';

// Static build: `npm run build` writes dist/ (plain files, no server logic); `npm run serve` serves it
// on http://127.0.0.1:8080. The wasm package comes from ../scripts/build-wasm.sh (web/pkg/), the
// bundled scenarios from ../scenarios/ (read at build time).
export default defineConfig({
  base: './',
  server: { host: '127.0.0.1', port: 8080, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
