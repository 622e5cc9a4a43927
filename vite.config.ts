/**
 * Vite build of the visualiser (viz/ -> viz/dist). `base: './'` keeps every asset
 * path relative, so the built folder works from any static host or sub-path; the
 * engine and its dependencies are bundled, so the page fetches nothing elsewhere.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./viz', import.meta.url)),
  base: './',
  // No public/ folder: the favicon is a data: link and there are no other static files.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The polyfill would be an inline script, which the Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  // The simulation worker (viz/src/sim-worker.ts) is an ES module like the page.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', fs: { allow: [repoRoot] } },
  preview: { host: '127.0.0.1' },
});
