// The package as a consumer gets it: the tarball `npm pack` makes holds the library and nothing
// else; installed into a fresh project, a page that imports `kaltura-chunked-upload/define` and is
// bundled by Vite uploads a file to the local Kaltura API (on another origin, as Kaltura is) in
// Chromium; every language pack is a module of its own (`kaltura-chunked-upload/locales/<lang>`)
// that a page imports to switch the element's words, and none is in the default bundle; and
// importing the engine alone pulls in no element and registers nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild } from 'esbuild';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright';
// @ts-ignore -- plain ESM shared with the web-test-runner config
import { launchOptions } from '../chromium.mjs';
import { startKalturaServer, type RunningServer } from '../../server/adapters/start-server.ts';
import { createConsumerProject, packLibrary, root, type PackedLibrary } from './packed-library.ts';
import { freePort } from '../helpers/free-port.ts';
import { upFrontFiles } from '../../tools/bench/up-front-files.ts';
import { LOCALES } from '../helpers/locales.ts';

const PARTNER_ID = 4242;
const ADMIN_SECRET = crypto.randomBytes(16).toString('hex');
const CHUNK_SIZE = 512 * 1024;
/** The library's modules behind a dynamic import(): what most pages load late or never. */
const LAZY_MODULES = ['folder-files', 'wake-lock', 'media-probe', 'entry-follower', 'stream-upload', 'recorder-panel', 'small-file'];

let packed: PackedLibrary;
let consumer: string;
let tmp: string;
let api: RunningServer | undefined;
let site: PreviewServer | undefined;
let browser: Browser | undefined;

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-tarball-'));
  packed = packLibrary();
  consumer = createConsumerProject('consumer-page', [packed.tarball]);
});

after(async () => {
  await browser?.close();
  await site?.close();
  await api?.close();
  for (const dir of [tmp, consumer]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the tarball holds the built library, its types, manifest, README and CHANGELOG', () => {
  for (const file of [
    'package.json', 'README.md', 'CHANGELOG.md', 'dist/custom-elements.json',
    'dist/index.js', 'dist/index.d.ts', 'dist/define.js', 'dist/define.d.ts', 'dist/react.js', 'dist/react.d.ts',
  ]) {
    assert.ok(packed.files.includes(file), `${file} is in the tarball`);
  }
});

test('the tarball has no tests, demo, local API, tools, sources or tooling config', () => {
  const unwanted = packed.files.filter(
    (f) =>
      /^(test|demo|src|tools|node_modules|\.ci)\//.test(f) ||
      /(^|\/)(server|e2e|bench|soak)\//.test(f) ||
      /\.test\.|\.map$|tsconfig|vite\.config|index\.html$/.test(f) ||
      (f.endsWith('.ts') && !f.endsWith('.d.ts')),
  );
  assert.deepEqual(unwanted, []);
  assert.ok(packed.files.every((f) => f.startsWith('dist/') || ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'].includes(f)),
    `only dist/ and the package's documents: ${packed.files.join(', ')}`);
});

test('every file package.json points at is in the tarball, types first in each export', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(consumer, 'node_modules/kaltura-chunked-upload/package.json'), 'utf8'));
  const targets: string[] = [pkg.module, pkg.types, pkg.customElements, ...pkg.sideEffects];
  for (const [subpath, target] of Object.entries<string | Record<string, string>>(pkg.exports)) {
    if (typeof target === 'string') {
      targets.push(target);
      continue;
    }
    assert.deepEqual(Object.keys(target), ['types', 'default'], `exports["${subpath}"] lists types first`);
    targets.push(...Object.values(target));
  }
  assert.deepEqual(Object.keys(pkg.exports).slice(0, 4), ['.', './define', './react', './locales/*']);
  assert.deepEqual(pkg.sideEffects, ['./dist/define.js', './dist/locales/*.js'], 'only the define module and the language packs have side effects');
  // A `*` stands for each language pack.
  for (const target of targets.flatMap((t) => (t.includes('*') ? LOCALES.map((lang) => t.replace('*', lang)) : [t]))) {
    assert.ok(packed.files.includes(target.replace(/^\.\//, '')), `${target} is in the tarball`);
  }
});

test('the tarball has one language pack per module in src/locales, JavaScript and types', () => {
  const sources = fs.readdirSync(path.join(root, 'src/locales')).filter((f) => f.endsWith('.ts') && f !== 'intl-forms.ts').map((f) => f.slice(0, -3));
  assert.deepEqual([...sources].sort(), [...LOCALES].sort(), 'test/helpers/locales.ts lists every pack');
  // Beside them, the helpers they share (dist/ keeps src/'s modules).
  const packs = packed.files.filter((f) => /^dist\/locales\/[^/]+\.js$/.test(f)).map((f) => path.basename(f, '.js'));
  assert.deepEqual(packs.sort(), [...LOCALES, 'intl-forms'].sort());
});

test('the installed package depends on lit alone and brought lit with it', () => {
  const dir = path.join(consumer, 'node_modules/kaltura-chunked-upload');
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(pkg.dependencies), ['lit']);
  assert.ok(fs.existsSync(path.join(consumer, 'node_modules/lit/package.json')), 'lit installed');
  assert.ok(!fs.existsSync(path.join(consumer, 'node_modules/react')), 'react is an optional peer, not installed');
});

test('a page bundled by Vite from the installed package uploads a file to the local API in Chromium', async () => {
  api = await startKalturaServer({
    port: 0, partnerId: PARTNER_ID, adminSecret: ADMIN_SECRET, dataDir: path.join(tmp, 'kaltura-data'), conversionMs: 0,
  });
  const apiUrl = api.url;
  const ks = await userKs(apiUrl);

  // Attributes as a page author writes them; 512 KiB chunks so the file takes several.
  const built = await buildPage('index', 'en', `<kaltura-uploader chunk-size="${CHUNK_SIZE}" concurrency="3"></kaltura-uploader>`, [
    "import 'kaltura-chunked-upload/define';",
    "document.body.dataset.defined = String(customElements.get('kaltura-uploader') !== undefined);",
  ]);
  assert.equal(built.entryScripts.length, 1, 'one script for the page up front');
  // Code behind import() in the library stays behind it in the page: chunks of their own, loaded on first use.
  for (const lazy of LAZY_MODULES) {
    assert.ok(built.lazyScripts.some((f) => f.startsWith(`${lazy}-`)), `${lazy} is a chunk of its own (${built.lazyScripts.join(', ')})`);
  }
  site = built.site;
  const pageUrl = built.url;
  assert.notEqual(new URL(pageUrl).origin, new URL(apiUrl).origin, 'the API is cross-origin, as Kaltura is');

  browser = await chromium.launch(launchOptions);
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(pageUrl);
  await page.locator('body[data-defined="true"]').waitFor();

  // The element's own API, set as a host page would (the KS as a property, never in the URL).
  const events = page.evaluate(
    ({ serviceUrl, partnerId, ks }) => {
      const el = document.querySelector('kaltura-uploader')!;
      Object.assign(el, { serviceUrl, partnerId, ks });
      const seen: string[] = [];
      return new Promise<{ seen: string[]; entryId: string; uploadTokenId: string }>((resolve, reject) => {
        for (const type of ['kaltura-upload-start', 'kaltura-upload-progress', 'kaltura-upload-statechange'] as const) {
          el.addEventListener(type, () => seen.at(-1) === type || seen.push(type));
        }
        el.addEventListener('kaltura-upload-complete', (e) => resolve({ seen, ...e.detail }), { once: true });
        el.addEventListener('kaltura-upload-error', (e) => reject(new Error(`${e.detail.error.code}: ${e.detail.error.message}`)), { once: true });
      });
    },
    { serviceUrl: apiUrl, partnerId: PARTNER_ID, ks },
  );

  const size = 2 * 1024 * 1024 + 333;
  const bytes = crypto.randomBytes(size);
  const file = path.join(tmp, 'from-the-tarball.mp4');
  fs.writeFileSync(file, bytes);
  await page.locator('kaltura-uploader input[type=file]').setInputFiles(file);
  const { seen, entryId, uploadTokenId } = await events;

  assert.match(entryId, /\S/);
  assert.match(uploadTokenId, /\S/);
  for (const type of ['kaltura-upload-start', 'kaltura-upload-progress', 'kaltura-upload-statechange']) {
    assert.ok(seen.includes(type), `${type} among ${seen.join(' ')}`);
  }

  // What the person checks: the new entry holds exactly their file.
  const entry = await kaltura(apiUrl, 'media', 'get', { ks, entryId });
  assert.equal(entry.id, entryId);
  assert.equal(entry.name, 'from-the-tarball.mp4');
  const chunks = api.api.requests.list().filter((r) => r.action.toLowerCase() === 'upload' && r.uploadTokenId === uploadTokenId);
  assert.equal(chunks.filter((r) => r.outcome === 'ok').length, Math.ceil(size / CHUNK_SIZE), 'one upload call per chunk');
  assert.ok(chunks.every((r) => (r.bytes ?? 0) <= CHUNK_SIZE), 'chunks of the chunk-size attribute');
  const stored = await api.api.entryInfo(entryId);
  assert.equal(stored?.size, size);
  assert.equal(stored?.sha256, crypto.createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(pageErrors, []);
});

test('the code behind import() loads in the page: a picture gets its poster, its new entry is followed until ready', async () => {
  const page = await browser!.newPage();
  const outcome = await uploadPicture(page);
  assert.equal(outcome.poster, true, 'the poster read in the browser (media-probe)');
  assert.equal(outcome.ready, true, 'kaltura-entry-ready (entry-follower)');
  assert.deepEqual(outcome.pageErrors, []);
  await page.close();
});

test('where that code cannot load, the upload goes on all the same: no poster, no following, no error', async () => {
  const page = await browser!.newPage();
  const blocked: string[] = [];
  await page.route(/\/assets\/(media-probe|entry-follower)-[^/]*\.js$/, (route) => {
    blocked.push(new URL(route.request().url()).pathname);
    return route.abort();
  });
  const outcome = await uploadPicture(page);
  assert.equal(blocked.length, 2, `both chunks were asked for and refused: ${blocked.join(', ')}`);
  assert.equal(outcome.poster, false);
  assert.equal(outcome.ready, false);
  assert.equal(outcome.state, 'Done');
  assert.deepEqual(outcome.pageErrors, []);
  await page.close();
});

test('a page that imports a language pack shows the element in that language; the default bundle has no pack in it', async () => {
  const hebrewDropzone = 'גררו קבצים לכאן';
  const plain = await buildPage('plain', 'en', '<kaltura-uploader></kaltura-uploader>', ["import 'kaltura-chunked-upload/define';"]);
  await plain.site.close();
  assert.ok(!plain.scripts.join('\n').includes(hebrewDropzone) && !plain.scripts.join('\n').includes('Déposez'), 'the define-only page carries no pack');

  const hebrew = await buildPage('hebrew', 'he', '<kaltura-uploader></kaltura-uploader>', [
    "import 'kaltura-chunked-upload/define';",
    "import 'kaltura-chunked-upload/locales/he';",
  ]);
  try {
    browser ??= await chromium.launch(launchOptions);
    const page = await browser.newPage();
    await page.goto(hebrew.url);
    const dropzone = page.locator('kaltura-uploader [part~="dropzone"]');
    await dropzone.waitFor();
    assert.match((await dropzone.textContent()) ?? '', new RegExp(hebrewDropzone));
    assert.equal(await dropzone.evaluate((b) => getComputedStyle(b).direction), 'rtl');
    await page.close();
  } finally {
    await hebrew.site.close();
  }
});

test('importing the engine from the package pulls in no element and registers no tag', async () => {
  fs.writeFileSync(path.join(consumer, 'engine-only.js'), [
    "import { ChunkedUpload, UploadError } from 'kaltura-chunked-upload';",
    'export const names = [ChunkedUpload.name, UploadError.name];',
  ].join('\n'));
  const outDir = path.join(tmp, 'engine-only');
  await build({
    root: consumer,
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, minify: false, lib: { entry: path.join(consumer, 'engine-only.js'), formats: ['es'], fileName: 'engine-only' } },
  });
  const vite = fs.readdirSync(outDir).map((f) => fs.readFileSync(path.join(outDir, f), 'utf8')).join('\n');
  // esbuild as well: it keeps a whole module when another module that stays uses any of it (the
  // package once shipped the element as one chunk, and esbuild kept all of it for this page).
  const esbuildDir = path.join(tmp, 'engine-only-esbuild');
  const esbuilt = await esbuild({
    entryPoints: [path.join(consumer, 'engine-only.js')], absWorkingDir: consumer, bundle: true, splitting: true, format: 'esm',
    outdir: esbuildDir, write: false, logLevel: 'warning', metafile: true,
  });
  // What the page loads up front (esbuild makes every import() it meets a file of its own, the
  // element's too; the page never loads those).
  const upFront = upFrontFiles(esbuilt.metafile, 'engine-only.js');
  const esbuildCode = esbuilt.outputFiles.filter((f) => upFront.has(path.relative(consumer, f.path))).map((f) => f.text).join('\n');
  for (const [bundler, code] of [['Vite', vite], ['esbuild', esbuildCode]] as const) {
    assert.match(code, /class \w+/, `${bundler}: the engine is bundled`);
    assert.doesNotMatch(code, /customElements\.define/, bundler);
    assert.doesNotMatch(code, /kaltura-uploader/, bundler);
    assert.doesNotMatch(code, /LitElement|lit-html|from ["']lit/, `${bundler}: lit is not pulled in by the engine`);
  }
});

/**
 * On the upload page (the first test's), adds a PNG drawn in the page, held until its poster shows
 * (or 3 s went by), then uploads it and waits a second more for its entry (ready at once:
 * conversionMs 0); says what the row showed, and checks the entry holds the picture.
 */
async function uploadPicture(page: Page): Promise<{ poster: boolean; ready: boolean; state: string; pageErrors: string[] }> {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(site!.resolvedUrls!.local[0]! + 'index.html');
  await page.locator('body[data-defined="true"]').waitFor();
  const apiUrl = api!.url;
  const result = await page.evaluate(async ({ serviceUrl, partnerId, ks }) => {
    const el = document.querySelector('kaltura-uploader')!;
    Object.assign(el, { serviceUrl, partnerId, ks });
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    canvas.getContext('2d')!.fillRect(8, 8, 32, 24);
    const png = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
    const file = new File([png], 'picture.png', { type: 'image/png' });
    let ready = false;
    el.addEventListener('kaltura-entry-ready', () => (ready = true));
    const complete = new Promise<string>((resolve, reject) => {
      el.addEventListener('kaltura-upload-complete', (e) => resolve(e.detail.entryId), { once: true });
      el.addEventListener('kaltura-upload-error', (e) => reject(new Error(e.detail.error.code)), { once: true });
    });
    // Held until start(): the poster, if it comes, shows while the file waits (within 3 s).
    el.manual = true;
    el.addFiles([file]);
    // (No function declared in here: tsx would wrap it in a helper the page does not have.)
    const shown = Date.now();
    while (!el.shadowRoot!.querySelector('li [part~="poster"]') && Date.now() - shown < 3000) await new Promise((resolve) => setTimeout(resolve, 50));
    const poster = !!el.shadowRoot!.querySelector('li [part~="poster"]');
    el.start();
    const entryId = await complete;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const state = el.shadowRoot!.querySelector('li [part~="state"]')!.textContent!.trim();
    return { entryId, ready, poster, bytes: [...new Uint8Array(await png.arrayBuffer())], state };
  }, { serviceUrl: apiUrl, partnerId: PARTNER_ID, ks: await userKs(apiUrl) });
  const stored = await api!.api.entryInfo(result.entryId);
  assert.equal(stored?.sha256, crypto.createHash('sha256').update(Buffer.from(result.bytes)).digest('hex'), 'the entry holds the picture');
  return { poster: result.poster, ready: result.ready, state: result.state, pageErrors };
}

/**
 * A page of the consumer project (`<name>.html` with `body` and a module script of `js` lines),
 * bundled by Vite from the installed package and served by `vite preview`: its URL and scripts.
 */
async function buildPage(name: string, lang: string, body: string, js: string[]): Promise<{ site: PreviewServer; url: string; scripts: string[]; entryScripts: string[]; lazyScripts: string[] }> {
  fs.writeFileSync(path.join(consumer, `${name}.html`), [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><title>${name}</title>`,
    `<script type="module" src="./${name}.js"></script></head>`,
    `<body>${body}</body></html>`,
  ].join('\n'));
  fs.writeFileSync(path.join(consumer, `${name}.js`), js.join('\n'));
  const outDir = path.join(tmp, `site-${name}`);
  await build({ root: consumer, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: { input: path.join(consumer, `${name}.html`) } } });
  const assets = path.join(outDir, 'assets');
  const files = fs.readdirSync(assets).filter((f) => f.endsWith('.js'));
  const scripts = files.map((f) => fs.readFileSync(path.join(assets, f), 'utf8'));
  // What the page's HTML loads; the other scripts are only reached through import().
  const page = fs.readFileSync(path.join(outDir, `${name}.html`), 'utf8');
  const entryScripts = [...page.matchAll(/<script type="module"[^>]* src="[^"]*\/assets\/([^"]+)"/g)].map((m) => m[1]!);
  const lazyScripts = files.filter((f) => !entryScripts.includes(f));
  const site = await preview({ root: consumer, configFile: false, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: await freePort(), strictPort: true } });
  return { site, url: new URL(`${name}.html`, site.resolvedUrls!.local[0]!).href, scripts, entryScripts, lazyScripts };
}

/** A USER session, made server-side with the admin secret, as the README tells integrators to. */
async function userKs(apiUrl: string): Promise<string> {
  const ks = await kaltura(apiUrl, 'session', 'start', {
    secret: ADMIN_SECRET, partnerId: PARTNER_ID, type: 0, userId: 'package-test', expiry: 3600,
  });
  assert.equal(typeof ks, 'string');
  return ks as string;
}

/** One Kaltura API v3 call (JSON body, JSON answer); throws on a KalturaAPIException. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function kaltura(apiUrl: string, service: string, action: string, params: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${apiUrl}/api_v3/service/${service}/action/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...params, format: 1 }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  if (body && body.objectType === 'KalturaAPIException') throw new Error(`${service}.${action}: ${body.code} ${body.message}`);
  return body;
}

