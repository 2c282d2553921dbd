import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/** The web UI: built into web/dist, which the Fastify server serves; in dev, /api goes to the server. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: {
    // API contracts (zod schemas, enums, roles) come straight from the server's shared folder.
    alias: { '@shared': here('../src/shared') },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    // antd + React are one large vendor chunk by nature; the pages themselves are split.
    chunkSizeWarningLimit: 1600,
  },
  server: {
    port: 5173,
    fs: { allow: [here('..')] },
    proxy: { '/api': 'http://localhost:3000' },
  },
});
