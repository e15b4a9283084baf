/// <reference types="vitest/config" />
// Vite builds the static app (app/) and Vitest runs the core's unit tests (src-core/**/*.test.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  test: {
    include: ['src-core/**/*.test.ts', 'app/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
