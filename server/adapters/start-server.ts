// The API on a plain node:http server: what `npm run api` runs, and what node tests start in-process
// on port 0. Only /api_v3 and the media URLs (thumbnails, playManifest) are served: no dev routes,
// no way to switch faults on over HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KalturaApi } from '../core/kaltura-api.ts';
import type { ServerOptions } from '../core/options.ts';
import { isKalturaPath } from '../core/routes.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:8480 (the serviceUrl clients use). */
  url: string;
  port: number;
  api: KalturaApi;
  close(): Promise<void>;
}

export async function startKalturaServer(
  options: Partial<ServerOptions> & { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const { port = 0, host = '127.0.0.1', ...apiOptions } = options;
  const api = new KalturaApi(apiOptions);
  await api.whenReady();
  const server = http.createServer((req, res) => {
    if (isKalturaPath(req.url)) return void api.handle(req, res);
    req.resume();
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the API lives under /api_v3, media under /p/{partnerId}/\n');
  });
  // Large uploads and long final-chunk waits must not hit Node's request timeout.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`,
    port: actualPort,
    api,
    async close() {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
