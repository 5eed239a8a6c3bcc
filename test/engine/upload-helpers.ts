import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, type ChunkedUploadOptions, type UploadProgressDetail, type UploadResult } from '../../src/index.js';
import { entryInfo, sha256Hex, tokenInfo, userKs } from '../helpers/kaltura-server.js';

/**
 * A file whose every 4-byte word holds its own offset, so a misplaced chunk changes the hash.
 * Large files repeat one 1 MiB block with a distinct head, which keeps Chromium's in-memory Blob
 * budget (500 MiB) out of the way.
 */
export function patternedFile(size: number, name: string, type: string): File {
  const block = (seed: number, length: number) => {
    const words = new Uint32Array(Math.ceil(length / 4));
    for (let i = 0; i < words.length; i++) words[i] = (seed + i * 4) ^ 0x9e3779b9;
    return new Uint8Array(words.buffer, 0, length);
  };
  const MiB = 1024 * 1024;
  if (size <= 4 * MiB) return new File([block(size, size)], name, { type });
  const shared = new Blob([block(7, MiB)]);
  const parts: BlobPart[] = [block(size, MiB + 13)];
  for (let left = size - (MiB + 13); left > 0; left -= MiB) parts.push(left >= MiB ? shared : shared.slice(0, left));
  return new File(parts, name, { type });
}

/** Uploads through the real local API and checks the server's token and entry bytes by sha256. */
export async function uploadAndVerify(file: File, options: Partial<ChunkedUploadOptions>, setup?: (u: ChunkedUpload) => void): Promise<UploadResult> {
  const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), ...options });
  setup?.(upload);
  const result = await upload.start();
  const expected = await sha256Hex(file);
  const token = await tokenInfo(result.uploadTokenId);
  assert.equal(token?.status, 3, 'the token is closed: its file went into the entry');
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.sha256, expected, 'the entry holds exactly the file');
  assert.equal(entry?.name, file.name);
  assert.equal(upload.state, 'complete');
  return result;
}

/** What a `list` action gives the user's own KS (one page of 500), checked to be that list. */
async function listAs<T>(ks: string, service: string, filter: Record<string, string>, listType: string): Promise<T[]> {
  const res = await fetch(`${location.origin}/api_v3/service/${service}/action/list?format=1`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ks, format: 1, filter, pager: { pageSize: 500 } }),
  });
  const list = await res.json();
  assert.equal(list.objectType, listType, JSON.stringify(list));
  return list.objects;
}

/** The user's entries in every status but DELETED, as media.list gives them to the user's own KS. */
export async function entriesOf(ks: string): Promise<{ id: string; status: number }[]> {
  const entries = await listAs<{ id: string; status: number }>(ks, 'media', { objectType: 'KalturaMediaEntryFilter', statusIn: '-2,-1,0,1,2,4,5,6,7' }, 'KalturaMediaListResponse');
  return entries.map(({ id, status }) => ({ id, status }));
}

/** The user's upload tokens that can still take bytes (PENDING, PARTIAL_UPLOAD, FULL_UPLOAD), as uploadToken.list gives them. */
export async function openTokensOf(ks: string): Promise<string[]> {
  const tokens = await listAs<{ id: string; status: number }>(ks, 'uploadToken', { objectType: 'KalturaUploadTokenFilter', statusIn: '0,1,2' }, 'KalturaUploadTokenListResponse');
  return tokens.map((t) => `${t.id}:${t.status}`);
}

/** A KS of a user no other test uses, so their entries are this upload's only. */
export const freshUserKs = () => userKs({ userId: `one-entry-${Math.random().toString(36).slice(2, 10)}` });

/**
 * Pauses `upload` at the first progress event `when` accepts and resumes it `ms` later; the
 * returned times (Date.now()) say when, for checking the server's request log against them.
 */
export function pauseOnce(upload: ChunkedUpload, when: (progress: UploadProgressDetail) => boolean, ms: number): { pausedAt: number; resumedAt: number } {
  const times = { pausedAt: 0, resumedAt: 0 };
  upload.addEventListener('progress', (e) => {
    if (times.pausedAt || !when(e.detail)) return;
    upload.pause();
    times.pausedAt = Date.now();
    setTimeout(() => {
      times.resumedAt = Date.now();
      upload.resume();
    }, ms);
  });
  return times;
}
