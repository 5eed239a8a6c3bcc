// Browser-side handle on the local Kaltura-compatible API that web-test-runner mounts on the test
// page's origin (server/adapters/wtr-adapter.ts). Each function is a wtr server command, so it reaches
// the same server process the page uploads to, without going through the API itself.
//
// Usage, in a browser test:
//   import { resetServer, userKs, setFaults, tokenInfo, sha256Hex } from '../helpers/kaltura-server.js';
//   beforeEach(resetServer);                                  // no faults, empty request log, default timings
//   const ks = await userKs({ userId: 'alice' });             // a real USER KS from session.start
//   await setFaults([{ kind: 'http503', action: 'upload', times: 2 }]);
//   ...upload with serviceUrl: location.origin...
//   assert.equal((await tokenInfo(tokenId))?.sha256, await sha256Hex(file));
//
// The shapes (FaultRule, LoggedRequest, TokenInfo, ...) are the server's own, from
// server/control/types.ts: `import type` only, so nothing of the server reaches the page.
import { executeServerCommand } from '@web/test-runner-commands';
import type { EntryInfo, FaultRule, KsOptions, LoggedRequest, RequestConcurrency, TokenInfo, TunableOptions } from '../../server/control/types.ts';

export type { EntryInfo, FaultKind, FaultRule, KsOptions, LoggedRequest, RequestConcurrency, TokenInfo, TunableOptions } from '../../server/control/types.ts';

// Every command answers `{ result }`: wtr treats a bare null/undefined result as "no such command".
async function command<R>(name: string, payload?: unknown): Promise<R> {
  const answer = await executeServerCommand<{ result: R }, unknown>(`kaltura:${name}`, payload);
  return answer.result;
}

/** The partner id the server issues sessions for. */
export const partnerId = (): Promise<number> => command<number>('partnerId');

/** Clears the fault rules and the request log, and restores the server timings (tokens and entries are kept). */
export async function resetServer(): Promise<void> {
  await command('reset');
}

/** Replaces the active fault rules ([] switches every fault off). */
export async function setFaults(rules: FaultRule[]): Promise<void> {
  await command('setFaults', rules);
}

/** A port on 127.0.0.1 where nothing listens: a service URL there refuses every connection. */
export const closedPort = (): Promise<number> => command<number>('closedPort');

/** A USER KS made by the server's own session.start (default user `test-user`, 1 day). */
export function userKs(opts: KsOptions = {}): Promise<string> {
  return command<string>('userKs', opts);
}

/** An ADMIN KS made by session.start. */
export function adminKs(opts: Pick<KsOptions, 'expiry'> = {}): Promise<string> {
  return command<string>('adminKs', opts);
}

/** What the server holds for an upload token, or null when it does not exist. */
export function tokenInfo(uploadTokenId: string): Promise<TokenInfo | null> {
  return command<TokenInfo | null>('tokenInfo', { uploadTokenId });
}

/** What the server holds for a media entry, or null when it does not exist. */
export function entryInfo(entryId: string): Promise<EntryInfo | null> {
  return command<EntryInfo | null>('entryInfo', { entryId });
}

/** Every API call since the last reset, oldest first. */
export function requestLog(): Promise<LoggedRequest[]> {
  return command<LoggedRequest[]>('requestLog');
}

/** The HTTP requests (not the calls inside multirequests) since the last reset, oldest first. */
export async function httpRequests(): Promise<LoggedRequest[]> {
  return (await requestLog()).filter((r) => r.item === undefined);
}

/** How many API requests the server is handling now, and the most at once since the last reset. */
export function requestConcurrency(): Promise<RequestConcurrency> {
  return command<RequestConcurrency>('requestConcurrency');
}

/** Drops the server's in-memory state and reloads it from its data dir, as a process restart would. */
export async function restartServer(): Promise<void> {
  await command('restart');
}

/**
 * Changes server timings for the following requests, until changed again or resetServer().
 * Defaults under web-test-runner: finalChunkWaitMs 10000, conversionMs 0, maxResumeSeconds 604800.
 */
export async function setServerOptions(opts: Partial<TunableOptions>): Promise<void> {
  await command('setOptions', opts);
}

/** Adds a custom-metadata profile (Kaltura's profile-editor XSD) and resolves with its id. */
export function addMetadataProfile(profile: { xsd: string; name?: string; systemName?: string; id?: number }): Promise<number> {
  return command<number>('addMetadataProfile', profile);
}

/** sha256 (hex) of a Blob, computed in 8 MiB slices so large files are never read whole. */
export async function sha256Hex(blob: Blob): Promise<string> {
  const SLICE = 8 * 1024 * 1024;
  if (blob.size <= SLICE) {
    const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
    return toHex(new Uint8Array(digest));
  }
  const hash = new Sha256();
  for (let offset = 0; offset < blob.size; offset += SLICE) {
    hash.update(new Uint8Array(await blob.slice(offset, offset + SLICE).arrayBuffer()));
  }
  return toHex(hash.digest());
}

const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

// crypto.subtle has no incremental digest, so files larger than one slice go through this small
// streaming SHA-256 (FIPS 180-4).
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

class Sha256 {
  private h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private w = new Uint32Array(64);
  private block = new Uint8Array(64);
  private blockLength = 0;
  private total = 0;

  update(data: Uint8Array): void {
    this.total += data.length;
    let i = 0;
    if (this.blockLength) {
      const n = Math.min(64 - this.blockLength, data.length);
      this.block.set(data.subarray(0, n), this.blockLength);
      this.blockLength += n;
      i = n;
      if (this.blockLength < 64) return;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; i + 64 <= data.length; i += 64) this.compress(data, i);
    this.block.set(data.subarray(i), 0);
    this.blockLength = data.length - i;
  }

  digest(): Uint8Array {
    const bits = this.total * 8;
    const tail = new Uint8Array((this.blockLength < 56 ? 64 : 128) - this.blockLength);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(tail.length - 4, bits >>> 0);
    this.update(tail);
    const out = new Uint8Array(32);
    const outView = new DataView(out.buffer);
    this.h.forEach((v, j) => outView.setUint32(j * 4, v));
    return out;
  }

  private compress(data: Uint8Array, at: number): void {
    const w = this.w;
    for (let t = 0; t < 16; t++) {
      const p = at + t * 4;
      w[t] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15], y = w[t - 2];
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16] + s0 + w[t - 7] + s1) | 0;
    }
    const s = this.h;
    let a = s[0], b = s[1], c = s[2], d = s[3], e = s[4], f = s[5], g = s[6], h = s[7];
    for (let t = 0; t < 64; t++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    s[0] += a; s[1] += b; s[2] += c; s[3] += d; s[4] += e; s[5] += f; s[6] += g; s[7] += h;
  }
}

/**
 * Serves `blob` on a plain loopback HTTP server (not the API's origin) and returns its URL, ending
 * in `/<name>`: the link a KalturaUrlResource import downloads. Without a blob the URL answers 404.
 */
export async function serveFile(name: string, blob?: Blob, opts: { status?: number; type?: string } = {}): Promise<string> {
  const base64 = blob ? await blobBase64(blob) : undefined;
  return command<string>('serveFile', { name, base64, ...opts });
}

async function blobBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
