// The work behind listInterruptedUploads() and forgetInterruptedUpload() (interrupted-uploads.ts),
// in a module that imports no other engine module at run time: the element loads it with import()
// only once its store holds a record (most never do), and a lazy chunk that shared the engine's
// modules would make the bundler split them into a chunk the page loads up front, export list and all.
// Deleting a forgotten upload's token is handed in.
// A record whose upload is live (in another tab too: upload-lock.ts) is neither listed, expired nor forgotten.
import type { InterruptedUpload, ResumeRecord, ResumeStore } from './resume-store.js';

/** Which keys live uploads hold (upload-lock.ts): loaded only for a store that has records. */
const lock = () => import('./upload-lock.js');

/** The records among `entries` (read from `store`) younger than `maxAge` and not in use, newest first; expired ones are removed. */
export async function interruptedFrom(store: ResumeStore, entries: [string, ResumeRecord][], maxAge: number, inUse?: (key: string, record: ResumeRecord) => boolean): Promise<InterruptedUpload[]> {
  if (!entries.length) return [];
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

/** Removes the record and, given `deleteToken` (a service and a KS at hand), its upload token; failures are ignored. */
export async function forgetRecord(store: ResumeStore | undefined, key: string, deleteToken?: (uploadTokenId: string) => Promise<unknown>): Promise<void> {
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
    if (!record || !deleteToken) return;
    try {
      await deleteToken(record.uploadTokenId);
    } catch {
      // Gone already, expired KS, no network: the server drops stale tokens on its own in time.
    }
  } finally {
    release();
  }
}

/** Removes the record, and a stream upload's bytes from browser storage. */
async function removeRecord(store: ResumeStore, key: string): Promise<void> {
  try {
    await store.remove(key);
    if (key.startsWith('stream:')) await (await import('./stream/stream-upload.js')).forgetSpilled(key);
  } catch {
    // A store that cannot remove cannot be helped here.
  }
}
