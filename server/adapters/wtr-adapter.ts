// Mounts the local Kaltura-compatible API on web-test-runner's server (same origin as the test
// page, so tests use `serviceUrl: location.origin`) and exposes the test commands
// `kaltura:<name>` used by test/helpers/kaltura-server.ts.
import fs from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { KalturaApi } from '../core/kaltura-api.ts';
import type { ServerOptions } from '../core/options.ts';
import { isKalturaPath } from '../core/routes.ts';
import { runTestCommand, tunableOptions } from '../control/test-commands.ts';

/** The slice of a Koa context the middleware uses. */
interface KoaContext {
  url: string;
  req: IncomingMessage;
  res: ServerResponse;
  respond?: boolean;
  status: number;
}

/**
 * `{ middleware, plugin }` for web-test-runner. Data goes to a fresh temp dir (removed at exit)
 * unless `dataDir` is given; the final-chunk wait defaults to 10 s so a test that leaves a gap
 * fails in reasonable time, and the simulated conversion to 0 ms (tests can change both with
 * setServerOptions).
 */
export function kalturaTestServer(options: Partial<ServerOptions> = {}) {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-wtr-'));
  if (ownDir) process.once('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const api = new KalturaApi({ finalChunkWaitMs: 10_000, conversionMs: 0, ...options, dataDir });
  const startOptions = tunableOptions(api);

  return {
    api,
    middleware: async (ctx: KoaContext, next: () => Promise<void>): Promise<void> => {
      if (!isKalturaPath(ctx.url)) return next();
      ctx.respond = false; // the API writes the raw response itself
      // Koa's default 404 would otherwise be reported by wtr as a missing file.
      ctx.status = 200;
      await api.handle(ctx.req, ctx.res);
    },
    plugin: {
      name: 'kaltura-api',
      serverStart({ server }: { server?: Server }) {
        // Large uploads and long final-chunk waits must not hit Node's request timeout.
        if (server) server.requestTimeout = 0;
      },
      async serverStop() {
        await api.close();
      },
      async executeCommand({ command, payload }: { command: string; payload?: unknown }) {
        if (!command.startsWith('kaltura:')) return undefined;
        // Wrapped: wtr reads a null/undefined result as "no plugin handled this command".
        return { result: (await runTestCommand(api, command.slice('kaltura:'.length), payload, startOptions)) ?? null };
      },
    },
  };
}
