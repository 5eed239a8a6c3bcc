// Following a new entry until it can be watched: `media.get`, backing off from about 2 s to 30 s,
// until Kaltura says 2 READY, or -1 ERROR_CONVERTING / -2 ERROR_IMPORTING. Every other status
// (1 PRECONVERT, 0 IMPORT, 4 PENDING, 7 NO_CONTENT, ...) means "not yet". For SPAs on the headless
// engine; the element's rows use it too. chunked-upload.ts does not import it, so an app that only
// uploads does not bundle it.
import { UploadError, toUploadError } from '../errors.js';
import { getEntry } from '../kaltura/upload-api.js';
import { KsSession } from './ks-session.js';
import { callContext } from './options.js';
import { sleep } from './waits.js';
import { waitForEntry, type EntryOutcome, type WaitForEntryOptions } from './entry-waiting.js';

export type { EntryOutcome, WaitForEntryOptions } from './entry-waiting.js';

/**
 * Reads the entry until it is playable or its conversion or import failed. Network trouble and
 * server errors worth retrying are read through (the next read comes at the next delay); any
 * other error rejects, as an `UploadError` (`ENTRY_ID_NOT_FOUND`, `INVALID_KS`, `CANCELLED`, ...).
 *
 * @example
 * const { entryId, entry } = await upload.start();
 * const { state } = await waitForEntryReady(entryId, { serviceUrl, ks: getKs, entry, signal });
 * if (state === 'ready') showPlayer(entryId);
 */
export function waitForEntryReady(entryId: string, options: WaitForEntryOptions): Promise<EntryOutcome> {
  return waitForEntry([UploadError, toUploadError, getEntry, KsSession, callContext, sleep], entryId, options);
}
