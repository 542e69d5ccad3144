import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web app is a static bundle in dist/web, served by the Gatehouse server itself (src/app.ts) with a
 * fallback to index.html for client-side routes. `vite --config web/vite.config.ts` serves it for
 * development and forwards API calls to a Gatehouse on port 8080 (or GATEHOUSE_URL).
 */
export default defineConfig({
  root: webDir,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      '/api': process.env.GATEHOUSE_URL ?? 'http://localhost:8080',
    },
  },
});
