import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

// The editor is a static SPA served by the API process from dist/editor (`npm run build`); in development
// (`npm run dev:editor`) Vite serves it and proxies /api to a running server.
export default defineConfig({
  root: `${root}editor`,
  plugins: [react()],
  build: {
    outDir: `${root}dist/editor`,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
