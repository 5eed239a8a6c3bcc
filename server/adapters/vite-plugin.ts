// Mounts the local Kaltura-compatible API on Vite's dev (and preview) server, so the demo page and
// the API share one origin. With `devRoutes: true` it also serves the demo's /__dev routes
// (faults, request log, a USER KS). Options come from the environment (core/options.ts).
import type { Server } from 'node:http';
import type { Connect, Plugin } from 'vite';
import { handleDevRoute, DEV_PREFIX } from '../control/dev-routes.ts';
import { KalturaApi } from '../core/kaltura-api.ts';
import { optionsFromEnv } from '../core/options.ts';
import { isTrustedRequest } from '../core/origin-policy.ts';
import { isKalturaPath } from '../core/routes.ts';

export function kalturaApiVitePlugin(options: { devRoutes?: boolean } = {}): Plugin {
  let api: KalturaApi | undefined;
  const mount = async (middlewares: Connect.Server, httpServer: Server | null) => {
    api ??= new KalturaApi(optionsFromEnv());
    const server = api;
    await server.whenReady(); // fails the dev server's start with the reason (e.g. data dir in use)
    // Large uploads and long final-chunk waits must not hit Node's request timeout.
    if (httpServer && 'requestTimeout' in httpServer) httpServer.requestTimeout = 0;
    httpServer?.once('close', () => void server.close());
    middlewares.use((req, res, next) => {
      if (isKalturaPath(req.url)) return void server.handle(req, res);
      if (options.devRoutes && req.url?.startsWith(DEV_PREFIX)) {
        // Not for pages of other origins: they would switch faults on or read the request log.
        if (!isTrustedRequest(req, server.options.trustedOrigins)) {
          req.resume();
          return void res.writeHead(403, { 'Content-Type': 'text/plain' }).end('The dev routes answer only the demo page itself\n');
        }
        return void handleDevRoute(server, req, res);
      }
      next();
    });
  };
  return {
    name: 'kaltura-api',
    async configureServer(server) {
      await mount(server.middlewares, server.httpServer as Server | null);
    },
    async configurePreviewServer(server) {
      await mount(server.middlewares, server.httpServer as Server | null);
    },
  };
}
