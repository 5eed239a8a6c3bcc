import { defineConfig } from 'vite';
import { kalturaApiVitePlugin } from './test/server/vite-plugin.ts';

// `npm run demo`: the demo page (index.html + demo/) with the local Kaltura-compatible API mounted
// on the same origin. `npm run build`: the published library (src/) in dist/.
export default defineConfig({
  plugins: [kalturaApiVitePlugin({ devRoutes: true })],
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), open: !process.env.CI && !process.env.NO_OPEN },
  build: {
    outDir: 'dist',
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts' },
      formats: ['es'],
    },
    rolldownOptions: { external: [/^lit($|\/)/, /^@lit\//, /^react($|\/)/] },
  },
});
