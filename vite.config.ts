import { defineConfig } from 'vite';
import { kalturaApiVitePlugin } from './server/adapters/vite-plugin.ts';

// `npm run demo`: the demo page (index.html + demo/) with the local Kaltura-compatible API mounted
// on the same origin. `npm run build`: the published library (src/) in dist/.
export default defineConfig({
  plugins: [kalturaApiVitePlugin({ devRoutes: true })],
  server: { host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), open: !process.env.CI && !process.env.NO_OPEN },
  // The published library: minified ES modules, one per public entry, `lit` (and React, for the
  // React wrapper) left to the consumer's bundler. `npm run build` then adds the .d.ts files
  // (tsc -p src/tsconfig.build.json) and custom-elements.json (cem analyze).
  build: {
    outDir: 'dist',
    target: 'es2022',
    minify: true,
    copyPublicDir: false,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts', react: 'src/react.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^react($|\/)/],
      output: {
        chunkFileNames: 'chunks/[name]-[hash].js',
        // Vite keeps whitespace in ES library builds; remove it too (pure annotations survive).
        minify: { codegen: { removeWhitespace: true } },
        // The engine and the element in chunks of their own, so an app that imports only
        // `ChunkedUpload` from the package entry bundles no element (and no lit). What they load
        // with `import()` (the stream room, the recorder) stays out of both groups: a chunk each.
        codeSplitting: {
          groups: [
            { name: 'engine', test: /[\\/]src[\\/](engine[\\/](?!stream[\\/])|kaltura[\\/]|errors\.ts$)/ },
            { name: 'element', test: /[\\/]src[\\/]element[\\/](?!recorder[\\/])/ },
          ],
        },
      },
    },
  },
});
