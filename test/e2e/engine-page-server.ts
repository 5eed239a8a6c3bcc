// One origin for the reload and offline e2e tests and `npm run soak`: the local API (a fresh
// KalturaApi, with its own data dir, per test) and Vite in middleware mode serving the pages, on
// one node:http server in the test process. Vite starts once per test file; the test keeps the
// KalturaApi object, so it reads the server's bytes (sha256) and request log directly.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createServer as createVite, type ViteDevServer } from 'vite';
import { KalturaApi } from '../../server/core/kaltura-api.ts';
import { isApiPath } from '../../server/core/routes.ts';

const root = path.resolve(import.meta.dirname, '../..');
const PAGE_PATH = '/test/e2e/pages/engine.html';

export interface EnginePageServer {
  /** e.g. http://127.0.0.1:41234 (the page's origin and serviceUrl). */
  url: string;
  /** The engine page, test/e2e/pages/engine.html. */
  pageUrl: string;
  /**
   * The URL of every request this origin received (pages, modules, API calls), in order: what a
   * test asserts about request URLs (no KS in any), the same in every engine.
   */
  readonly requestUrls: string[];
  /** The API answering now (replaced by `freshApi`). */
  readonly api: KalturaApi;
  /** A new KalturaApi with an empty data dir of its own (the previous one is closed). */
  freshApi(options?: ConstructorParameters<typeof KalturaApi>[0]): Promise<KalturaApi>;
  close(): Promise<void>;
}

/**
 * `pages`: more pages (paths from the repository root, e.g. the soak's) served as they are on
 * disk, like the engine page; `pageHeaders`: extra response headers per page (e.g. a CSP), keyed
 * by path, or by path and query (`/page.html?variant`) for the same page served two ways.
 */
export async function startEnginePageServer(options: { pages?: readonly string[]; pageHeaders?: Record<string, Record<string, string>> } = {}): Promise<EnginePageServer> {
  const pages = new Set([PAGE_PATH, ...(options.pages ?? []).map((p) => p.split('?')[0])]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-e2e-engine-'));
  let api: KalturaApi | undefined;
  let dataDirs = 0;
  const vite: ViteDevServer = await createVite({
    root,
    configFile: false,
    logLevel: 'warn',
    appType: 'custom',
    // Its own cache: other Vite processes (the demo, the bench) may be using node_modules/.vite.
    cacheDir: path.join(tmp, 'vite-cache'),
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  const requestUrls: string[] = [];
  const server = http.createServer((req, res) => {
    requestUrls.push(req.url ?? '');
    if (isApiPath(req.url) && api) return void api.handle(req, res);
    // The page as it is on disk: Vite's HTML transform would add its HMR client, which has no
    // socket to talk to here. Its module script still goes through Vite.
    const pathname = req.url?.split('?')[0] ?? '';
    if (pages.has(pathname)) {
      const extra = options.pageHeaders?.[req.url ?? ''] ?? options.pageHeaders?.[pathname];
      const headers = { 'Content-Type': 'text/html', 'Cache-Control': 'no-store', ...extra };
      return void res.writeHead(200, headers).end(fs.readFileSync(path.join(root, pathname)));
    }
    vite.middlewares(req, res, () => {
      res.writeHead(404).end();
    });
  });
  // Large uploads and long final-chunk waits must not hit Node's request timeout.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    pageUrl: url + PAGE_PATH,
    requestUrls,
    get api() {
      if (!api) throw new Error('call freshApi() first');
      return api;
    },
    async freshApi(options = {}) {
      await api?.close();
      api = new KalturaApi({ ...options, dataDir: path.join(tmp, `data-${++dataDirs}`) });
      await api.whenReady();
      return api;
    },
    async close() {
      await api?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await vite.close();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
