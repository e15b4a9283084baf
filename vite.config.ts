/// <reference types="vitest/config" />
// Vite builds the static app (app/) and Vitest runs the core's unit tests (src-core/**/*.test.ts).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: '.',
  base: './',
  plugins: [react()],
  // monaco-yaml's worker helper imports monaco-editor's pre-0.56 path; map it onto the package's exports.
  resolve: { alias: [{ find: /^monaco-editor\/esm\/vs\/(.*)$/, replacement: 'monaco-editor/$1' }] },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
  // Dependencies only the analysis and YAML workers import: declared so the dev server bundles them up
  // front instead of discovering them on the first page load and reloading the page (a blank first start).
  optimizeDeps: { include: ['@peculiar/asn1-schema', '@peculiar/asn1-x509', 'ipaddr.js', 'js-yaml', 'monaco-yaml/yaml.worker.js'] },
  test: {
    include: ['src-core/**/*.test.ts', 'app/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src-core/testing/setup.ts'],
    testTimeout: 60_000,
  },
});
