// Uploads a closed tab, a crash or a failure left behind: the resume store's records, read for a
// person ("holiday.mp4, 42% uploaded: choose this file again to continue") and forgotten on request.
// The element renders them; a page may render its own list from `el.interruptedUploads()`.
import type { ResumeRecord, ResumeStore } from '../engine/resume-store.js';
import type { CallContext } from '../kaltura/client.js';
import { deleteUploadToken } from '../kaltura/upload-api.js';

/** One upload that can be continued by choosing the same file again. Times are `Date.now()` ms. */
export interface InterruptedUpload {
  /** The record's key in the resume store (the file's fingerprint); pass it to `forgetInterruptedUpload()`. */
  key: string;
  fileName: string;
  fileSize: number;
  /** Bytes the server had confirmed when the record was last refreshed (0 when unknown). */
  bytesConfirmed: number;
  uploadTokenId: string;
  /** With `attachFirst`: the entry waiting for this file. */
  entryId?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * The store's records that are not older than `maxAge` and for which `inUse` is false, newest
 * first. Expired records are removed from the store on the way. A store without `entries()`
 * (or one that fails) lists nothing.
 */
export async function readInterrupted(
  store: ResumeStore | undefined,
  maxAge: number,
  inUse: (key: string, record: ResumeRecord) => boolean,
): Promise<InterruptedUpload[]> {
  if (!store?.entries) return [];
  let entries: [string, ResumeRecord][];
  try {
    entries = await store.entries();
  } catch {
    return [];
  }
  const now = Date.now();
  const out: InterruptedUpload[] = [];
  for (const [key, record] of entries) {
    if (now - record.createdAt > maxAge) {
      await forgetRecord(store, key);
      continue;
    }
    if (inUse(key, record)) continue;
    const { uploadTokenId, entryId, fileSize, createdAt, updatedAt } = record;
    const bytesConfirmed = Number(record.bytesConfirmed);
    out.push({
      key, fileName: record.fileName ?? '', fileSize, uploadTokenId, ...(entryId && { entryId }), createdAt, updatedAt,
      // A record is data from storage: clamp what a list turns into a percentage.
      bytesConfirmed: bytesConfirmed > 0 ? Math.min(bytesConfirmed, fileSize) : 0,
    });
  }
  return out.sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * Removes the record and, given a call context (a KS is at hand), deletes its upload token on the
 * server so no partial file lingers there. Failures are ignored: the record is gone either way.
 */
export async function forgetInterrupted(store: ResumeStore | undefined, key: string, context?: () => Promise<CallContext>): Promise<void> {
  if (!store) return;
  let record: ResumeRecord | null | undefined;
  try {
    record = await store.get(key);
  } catch {
    record = undefined;
  }
  await forgetRecord(store, key);
  if (!record || !context) return;
  try {
    await deleteUploadToken(await context(), record.uploadTokenId);
  } catch {
    // Gone already, expired KS, no network: the server drops stale tokens on its own in time.
  }
}

async function forgetRecord(store: ResumeStore, key: string): Promise<void> {
  try {
    await store.remove(key);
  } catch {
    // A store that cannot remove cannot be helped here.
  }
}
