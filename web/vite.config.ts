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
    // Libraries change less often than our pages: separate, long-cached chunks.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Only the Revenue page draws charts: ECharts loads with it, not with the shell.
            {
              name: 'echarts',
              test: /node_modules[\\/](echarts|zrender|echarts-for-react|size-sensor)[\\/]/,
              priority: 2,
            },
            // Only the journey editor draws flows: React Flow and the layout load with it.
            {
              name: 'flow',
              test: /node_modules[\\/](@xyflow|@dagrejs|d3-[^\\/]+|zustand|classcat)[\\/]/,
              priority: 2,
            },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 4,
            },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|rc-[^\\/]+|@rc-component|@emotion|dayjs)[\\/]/,
              priority: 3,
            },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    fs: { allow: [here('..')] },
    // changeOrigin off: the API's CSRF check compares the browser's Origin with the Host it sees.
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
});
