import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { defineConfig } from 'vite';
import { kalturaApiVitePlugin } from './server/adapters/vite-plugin.ts';

// The demo is served with a strict Content Security Policy, the kind the element is built for:
// scripts and styles from this origin only (no inline style), Trusted Types with only lit-html's
// policy. What the demo adds: its "real Kaltura account" form may talk to any https service and
// show that service's thumbnails, its favicon is a data: URL, previews read picked files from blob:
// URLs, and Vite's own error overlay puts a
// <style> in the page, which Vite marks with this nonce (html.cspNonce; one per dev-server start).
const nonce = randomBytes(16).toString('base64');
const demoCsp = [
  "default-src 'self'", "script-src 'self'", `style-src 'self' 'nonce-${nonce}'`, "connect-src 'self' https:",
  // Previews read a picked file from a blob: URL; the player plays playManifest URLs (same origin).
  "img-src 'self' data: blob: https:", "media-src 'self' blob:", "require-trusted-types-for 'script'", 'trusted-types lit-html',
].join('; ');

/** Every language pack in src/locales/ (not the helpers they share), as `locales/<lang>` → its source. */
const localeEntries = Object.fromEntries(
  fs.readdirSync('src/locales').filter((f) => f.endsWith('.ts') && f !== 'intl-forms.ts').map((f) => [`locales/${f.slice(0, -3)}`, `src/locales/${f}`]),
);

// `npm run demo`: the demo page (index.html + demo/) with the local Kaltura-compatible API mounted
// on the same origin. `npm run build`: the published library (src/) in dist/.
export default defineConfig({
  plugins: [kalturaApiVitePlugin({ devRoutes: true })],
  html: { cspNonce: nonce },
  server: {
    host: '127.0.0.1', port: Number(process.env.PORT ?? 5173), open: !process.env.CI && !process.env.NO_OPEN,
    headers: { 'Content-Security-Policy': demoCsp },
  },
  preview: { headers: { 'Content-Security-Policy': demoCsp } },
  // The published library: minified ES modules, one per public entry (each language pack is one,
  // dist/locales/<lang>.js), `lit` (and React, for the React wrapper) left to the consumer's
  // bundler. `npm run build` then adds the .d.ts files
  // (tsc -p src/tsconfig.build.json) and custom-elements.json (cem analyze).
  build: {
    outDir: 'dist',
    target: 'es2022',
    minify: true,
    copyPublicDir: false,
    lib: {
      entry: { index: 'src/index.ts', define: 'src/define.ts', react: 'src/react.ts', ...localeEntries },
      formats: ['es'],
    },
    rolldownOptions: {
      external: [/^lit($|\/)/, /^@lit\//, /^react($|\/)/],
      output: {
        // Vite keeps whitespace in ES library builds; remove it too (pure annotations survive).
        minify: { codegen: { removeWhitespace: true } },
        // One file per source module, as src/ has them, so the consumer's bundler tree-shakes the
        // package as the bench measures src/: an app that imports only `ChunkedUpload` bundles no
        // element (and no lit), and code behind import() stays behind it. With the engine and the
        // element as two chunks, esbuild kept all of the element up front for an engine-only page
        // (the lazy modules import from its chunk): 18.5 KiB instead of 7.
        preserveModules: true,
        preserveModulesRoot: 'src',
      },
    },
  },
});
