// How an entry gets its content from an upload token, and the simulated conversion after it.
// Entry status: 7 NO_CONTENT after media.add; 0 IMPORT when a token is attached before its bytes
// are complete; once the bytes arrive, images go straight to 2 READY and video/audio go to
// 1 PRECONVERT, then read as 2 READY after `conversionMs` (checked when the entry is read, so it
// also holds across restarts), or as -1 ERROR_CONVERTING when a `failConversion` fault fired as
// the content arrived.
import fs from 'node:fs';
import path from 'node:path';
import type { ServerParts } from '../core/service.ts';
import type { EntryRecord, TokenRecord } from '../state/store.ts';
import { fileSize } from '../state/token-file.ts';

export const EntryStatus = { ERROR_IMPORTING: -2, ERROR_CONVERTING: -1, IMPORT: 0, PRECONVERT: 1, READY: 2, DELETED: 3, NO_CONTENT: 7 } as const;
export const MediaType = { VIDEO: 1, IMAGE: 2, AUDIO: 5 } as const;
const TOKEN_CLOSED = 3;

const EXTENSIONS: Record<number, string[]> = {
  [MediaType.VIDEO]: ['mp4', 'm4v', 'mov', 'qt', 'avi', 'mkv', 'webm', 'flv', 'f4v', 'wmv', 'asf', 'mpg', 'mpeg', 'm2v', 'ts', 'mts', 'm2ts', '3gp', '3g2', 'ogv', 'mxf', 'vob', 'rm'],
  [MediaType.AUDIO]: ['mp3', 'wav', 'aac', 'm4a', 'ogg', 'oga', 'opus', 'flac', 'wma', 'aif', 'aiff', 'amr', 'ra'],
  [MediaType.IMAGE]: ['jpg', 'jpeg', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'svg', 'heic', 'heif', 'jfif'],
};

/** Media type from a file name's extension (myFileUploadService::getMediaTypeFromFileExt), if known. */
export function mediaTypeOf(fileName: string | undefined): number | undefined {
  const ext = path.extname(fileName ?? '').slice(1).toLowerCase();
  const found = Object.entries(EXTENSIONS).find(([, list]) => list.includes(ext));
  return found ? Number(found[0]) : undefined;
}

/**
 * Hands a complete token's bytes to the entry it is attached to and closes the token (2 → 3).
 * The entry's file is a hard link to the token's (a copy where links are not possible), so the
 * token's bytes stay inspectable for tests. Returns the entry it changed (the caller saves both).
 */
export async function attachUploadedContent(server: ServerParts, token: TokenRecord): Promise<EntryRecord | undefined> {
  const { store } = server;
  const entry = token.entryId ? store.entries.get(token.entryId) : undefined;
  if (!entry || entry.status === EntryStatus.DELETED) return undefined;
  const source = store.tokenFile(token.id);
  const target = store.entryFile(entry.id);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await fs.promises.rm(target, { force: true });
  await fs.promises.link(source, target).catch(() => fs.promises.copyFile(source, target));
  entry.contentSize = await fileSize(target);
  entry.uploadTokenId = token.id;
  entry.mediaType ??= mediaTypeOf(token.fileName) ?? MediaType.VIDEO;
  onContentArrived(server, entry);
  token.status = TOKEN_CLOSED;
  token.updatedAt = entry.updatedAt;
  return entry;
}

/** The entry's content file is in place (an upload or an import): images are READY, video and audio start converting. */
export function onContentArrived(server: ServerParts, entry: EntryRecord): void {
  const now = Date.now();
  if (entry.mediaType === MediaType.IMAGE) {
    entry.status = EntryStatus.READY;
  } else {
    entry.status = EntryStatus.PRECONVERT;
    entry.readyAt = now + server.options.conversionMs;
    if (server.faults.take(['failConversion'], CONVERSION)) entry.conversionFails = true;
  }
  entry.updatedAt = now;
}

/** What a `failConversion` rule is matched against: the conversion, not the call that started it. */
const CONVERSION = { service: '', action: '' };

/** Ends a finished simulated conversion; returns whether the entry changed. */
export function refreshConversion(entry: EntryRecord, now = Date.now()): boolean {
  if (entry.status !== EntryStatus.PRECONVERT || entry.readyAt === undefined || entry.readyAt > now) return false;
  entry.status = entry.conversionFails ? EntryStatus.ERROR_CONVERTING : EntryStatus.READY;
  entry.updatedAt = entry.readyAt;
  entry.readyAt = undefined;
  return true;
}
