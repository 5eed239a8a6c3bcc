// The test-only control surface of the local API (never reachable through /api_v3): web-test-runner
// server commands `kaltura:<name>` (test/helpers/kaltura-server.ts) and the demo's /__dev routes
// call into this.
import net from 'node:net';
import type { KalturaApi } from '../core/kaltura-api.ts';
import { serveFile } from './file-server.ts';
import { SessionType } from '../state/ks.ts';
import type { FaultRule, KsOptions, TunableOptions } from './types.ts';

type Payload = Record<string, unknown> | undefined;

/** Runs a command; throws on an unknown name or a malformed payload. */
export async function runTestCommand(api: KalturaApi, name: string, payload: unknown, startOptions: TunableOptions): Promise<unknown> {
  const p = (payload ?? {}) as Payload & Record<string, unknown>;
  switch (name) {
    case 'partnerId':
      return api.options.partnerId;
    case 'modelConfig':
      // The model-based tests: `npm run soak -- --model` runs one with many sequences (unset: each test's own fixed seed and count).
      return { seed: process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : undefined, sequences: process.env.MODEL_SEQUENCES ? Number(process.env.MODEL_SEQUENCES) : undefined, path: process.env.MODEL_PATH };
    case 'reset':
      // Faults, the request log and the timings a test changed; tokens and entries are kept.
      api.faults.clear();
      api.requests.clear();
      api.setOptions(startOptions);
      return true;
    case 'setFaults':
      api.faults.set((payload ?? []) as FaultRule[]);
      return true;
    case 'userKs':
      return api.startSession({ type: SessionType.USER, ...sessionOptions(p) });
    case 'adminKs':
      return api.startSession({ type: SessionType.ADMIN, ...sessionOptions(p) });
    case 'tokenInfo':
      return api.tokenInfo(String(p.uploadTokenId));
    case 'entryInfo':
      return api.entryInfo(String(p.entryId));
    case 'requestLog':
      return api.requests.list();
    case 'requestConcurrency':
      return api.requests.concurrency();
    case 'restart':
      await api.restart();
      return true;
    case 'setOptions':
      api.setOptions(p as Partial<TunableOptions>);
      return true;
    case 'addMetadataProfile':
      // {name?, systemName?, xsd, id?}: a custom-metadata profile, as an admin would make in KMC.
      return api.metadataProfiles.add(p as Record<string, never>).id;
    case 'closedPort':
      return closedPort();
    case 'serveFile':
      // { name, base64?, status?, type? }: a loopback URL serving those bytes (none: a 404).
      return serveFile(String(p.name ?? 'file.bin'), typeof p.base64 === 'string' ? Buffer.from(p.base64, 'base64') : undefined, typeof p.status === 'number' ? p.status : 200, typeof p.type === 'string' ? p.type : undefined);
    default:
      throw new Error(`unknown command kaltura:${name}`);
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago): connections are refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function sessionOptions(p: Record<string, unknown>): KsOptions {
  const out: KsOptions = {};
  if (typeof p.userId === 'string') out.userId = p.userId;
  if (typeof p.expiry === 'number') out.expiry = p.expiry;
  if (typeof p.privileges === 'string') out.privileges = p.privileges;
  return out;
}

export const tunableOptions = (api: KalturaApi): TunableOptions => ({
  finalChunkWaitMs: api.options.finalChunkWaitMs,
  maxResumeSeconds: api.options.maxResumeSeconds,
  conversionMs: api.options.conversionMs,
  uploadUrl: api.options.uploadUrl,
  replacementApproval: api.options.replacementApproval,
  importTimeoutMs: api.options.importTimeoutMs,
  importMaxBytes: api.options.importMaxBytes,
});
