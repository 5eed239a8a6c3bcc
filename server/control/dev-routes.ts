// The demo's dev-only routes (mounted by adapters/vite-plugin.ts with `devRoutes: true`, never by
// `npm run api`):
//   POST /__dev/faults    body: FaultRule[] (see types.ts); [] switches faults off
//   GET  /__dev/faults    the active rules
//   GET  /__dev/requests  the request log
//   POST /__dev/metadata-profiles  body: {name?, systemName?, xsd, id?}: adds a custom-metadata
//                         profile (kept in the data dir); answers its id
//   POST /__dev/session   a USER KS (JSON string) from the server's own session.start: the demo's
//                         stand-in for "your backend issues the KS"
//   POST /__dev/options   body: {replacementApproval?: boolean, conversionMs?: number}: the partner's
//                         settings (FEATURE_ENTRY_REPLACEMENT_APPROVAL) and the simulated conversion
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KalturaApi } from '../core/kaltura-api.ts';
import type { FaultRule } from './types.ts';

export const DEV_PREFIX = '/__dev/';

export async function handleDevRoute(api: KalturaApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
  try {
    switch (route) {
      case 'POST /__dev/faults':
        api.faults.set(JSON.parse((await readBody(req)) || '[]') as FaultRule[]);
        return json(res, 200, api.faults.list());
      case 'GET /__dev/faults':
        return json(res, 200, api.faults.list());
      case 'GET /__dev/requests':
        return json(res, 200, api.requests.list());
      case 'POST /__dev/metadata-profiles':
        return json(res, 200, api.metadataProfiles.add(JSON.parse((await readBody(req)) || '{}') as Record<string, never>).id);
      case 'POST /__dev/options': {
        const { replacementApproval, conversionMs } = JSON.parse((await readBody(req)) || '{}') as { replacementApproval?: boolean; conversionMs?: number };
        api.setOptions({ replacementApproval, conversionMs });
        return json(res, 200, { replacementApproval: api.options.replacementApproval, conversionMs: api.options.conversionMs });
      }
      case 'POST /__dev/session':
        req.resume();
        return json(res, 200, api.startSession({ userId: 'demo-user' }));
      default:
        req.resume();
        return json(res, 404, { error: `no dev route ${route}` });
    }
  } catch (error) {
    return json(res, 400, { error: error instanceof Error ? error.message : String(error) });
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end(body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1024 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
