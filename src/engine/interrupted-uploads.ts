// Uploads a closed tab, a crash or a failure left behind: the resume store's records, read for a
// person ("holiday.mp4, 42% uploaded: choose this file again to continue") and forgotten on
// request. The element renders them; an app without the element can list them the same way.
// A stream upload (a recording) has no file to choose again: its bytes wait in browser storage,
// and forgetting it removes them too (that code loads only for such a record). A record whose
// upload is live (in another tab too: upload-lock.ts) is neither listed, expired nor forgotten.
import { deleteUploadToken } from '../kaltura/upload-api.js';
import { callOnce, type CallOptions, type KsSource } from './options.js';
import { DEFAULT_RESUME_MAX_AGE, type InterruptedUpload, type ResumeRecord, type ResumeStore } from './resume-store.js';

export type { InterruptedUpload } from './resume-store.js';

export interface InterruptedUploadsOptions {
  /** Records older than this (ms since `createdAt`) are removed instead of listed. @default 86400000 (24 h) */
  maxAge?: number;
  /** Leaves out records still being worked on, e.g. files in a queue (by key or token). */
  inUse?: (key: string, record: ResumeRecord) => boolean;
}

/**
 * The store's records that are younger than `maxAge`, not `inUse` and not being uploaded (in
 * this tab or another), newest first. Expired records are removed from the store on the way. A store without `entries()` (or one that fails)
 * lists nothing.
 *
 * @example
 * const list = await listInterruptedUploads(new LocalStorageResumeStore());
 * // → [{ fileName: 'holiday.mp4', fileSize: 734003200, bytesConfirmed: 308281344, key: '…', … }]
 */
export async function listInterruptedUploads(store: ResumeStore | undefined, options: InterruptedUploadsOptions = {}): Promise<InterruptedUpload[]> {
  if (!store?.entries) return [];
  let entries: [string, ResumeRecord][];
  try {
    entries = await store.entries();
  } catch {
    return [];
  }
  if (!entries.length) return [];
  const { maxAge = DEFAULT_RESUME_MAX_AGE, inUse } = options;
  const live = await (await lock()).claimedKeys();
  const now = Date.now();
  const out: InterruptedUpload[] = [];
  for (const [key, record] of entries) {
    if (live.has(key)) continue;
    if (now - record.createdAt > maxAge) {
      await removeRecord(store, key);
      continue;
    }
    if (inUse?.(key, record)) continue;
    const { uploadTokenId, entryId, fileSize, createdAt, updatedAt } = record;
    const bytesConfirmed = Number(record.bytesConfirmed);
    out.push({
      key, stream: key.startsWith('stream:'), fileName: record.fileName ?? '', fileSize, uploadTokenId, ...(entryId && { entryId }), createdAt, updatedAt,
      // A record is data from storage: clamp what a list turns into a percentage.
      bytesConfirmed: bytesConfirmed > 0 ? Math.min(bytesConfirmed, fileSize) : 0,
    });
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Where to delete a forgotten upload's token: the service and a KS (a string or a function). */
export type ForgetOptions = CallOptions & { ks: KsSource };

/**
 * Removes the record and, given the service and a KS, deletes its upload token on the server so no
 * partial file lingers there. Failures are ignored: the record is gone either way. Nothing is
 * done while an upload (in this tab or another) is still working on that record: it is not interrupted.
 */
export async function forgetInterruptedUpload(store: ResumeStore | undefined, key: string, server?: ForgetOptions): Promise<void> {
  if (!store) return;
  const release = await (await lock()).claim(key);
  if (!release) return;
  try {
    let record: ResumeRecord | null | undefined;
    try {
      record = await store.get(key);
    } catch {
      record = undefined;
    }
    await removeRecord(store, key);
    if (!record || !server) return;
    try {
      await callOnce(server, (ctx) => deleteUploadToken(ctx, record.uploadTokenId));
    } catch {
      // Gone already, expired KS, no network: the server drops stale tokens on its own in time.
    }
  } finally {
    release();
  }
}

/** Which keys live uploads hold (upload-lock.ts): loaded only for a store that has records. */
const lock = () => import('./upload-lock.js');

/** Removes the record, and a stream upload's bytes from browser storage. */
async function removeRecord(store: ResumeStore, key: string): Promise<void> {
  try {
    await store.remove(key);
    if (key.startsWith('stream:')) await (await import('./stream/stream-upload.js')).forgetSpilled(key);
  } catch {
    // A store that cannot remove cannot be helped here.
  }
}
