// Shared by the server's node tests: a server on a free port with its own temp data dir, and small
// wire-level helpers that speak to it the way clients do (JSON bodies, multipart uploads).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServerOptions } from '../../server/core/options.ts';
import { startKalturaServer, type RunningServer } from '../../server/adapters/start-server.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** POSTs a JSON body (`format: 1` added) to /api_v3/service/{service}/action/{action}. */
  call(service: string, action: string, params?: Record<string, unknown>): Promise<any>;
  /** uploadToken.upload as a browser sends it: multipart fields first, then `fileData`. */
  upload(ks: string, uploadTokenId: string, data: Uint8Array<ArrayBuffer>, fields: UploadFields): Promise<any>;
  ks(opts?: { userId?: string; type?: number; expiry?: number; privileges?: string }): Promise<string>;
}

export interface UploadFields {
  resume?: boolean;
  finalChunk?: boolean;
  resumeAt?: number;
  fileName?: string;
}

export async function startTestServer(options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-node-test-'));
  // The secret the server tests use (a server without one makes a random secret in its data dir).
  const server = await startKalturaServer({ finalChunkWaitMs: 3000, conversionMs: 200, adminSecret: 'local-dev-admin-secret', ...options, dataDir, port: 0 });
  const call = async (service: string, action: string, params: Record<string, unknown> = {}) => {
    const res = await fetch(`${server.url}/api_v3/service/${service}/action/${action}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 1, ...params }),
    });
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    return res.json();
  };
  return {
    ...server,
    dataDir,
    call,
    upload(ks, uploadTokenId, data, fields) {
      const form = new FormData();
      form.append('ks', ks);
      form.append('format', '1');
      form.append('uploadTokenId', uploadTokenId);
      if (fields.resume !== undefined) form.append('resume', String(fields.resume));
      if (fields.resumeAt !== undefined) form.append('resumeAt', String(fields.resumeAt));
      if (fields.finalChunk !== undefined) form.append('finalChunk', String(fields.finalChunk));
      form.append('fileData', new Blob([data]), fields.fileName ?? 'blob');
      return fetch(`${server.url}/api_v3/service/uploadtoken/action/upload`, { method: 'POST', body: form }).then((r) => r.json());
    },
    ks(opts = {}) {
      return call('session', 'start', {
        secret: 'local-dev-admin-secret',
        partnerId: server.api.options.partnerId,
        type: opts.type ?? 0,
        userId: opts.userId ?? 'alice',
        ...(opts.expiry !== undefined ? { expiry: opts.expiry } : {}),
        ...(opts.privileges !== undefined ? { privileges: opts.privileges } : {}),
      });
    },
    async close() {
      await server.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Deterministic pseudo-random bytes (so a failure can be reproduced). */
export function testBytes(size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Every file under `dir`, relative paths. */
export function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)));
}
