// Following a new entry until it can be watched: `media.get`, backing off from about 2 s to 30 s,
// until Kaltura says 2 READY, or -1 ERROR_CONVERTING / -2 ERROR_IMPORTING. Every other status
// (1 PRECONVERT, 0 IMPORT, 4 PENDING, 7 NO_CONTENT, ...) means "not yet". For SPAs on the headless
// engine; the element's rows use it too. chunked-upload.ts does not import it, so an app that only
// uploads does not bundle it.
import { UploadError, toUploadError } from '../errors.js';
import { EntryStatus, type KalturaMediaEntry } from '../kaltura/types.js';
import { getEntry } from '../kaltura/upload-api.js';
import { KsSession } from './ks-session.js';
import { callContext, type CallOptions, type KsSource } from './options.js';
import { sleep } from './waits.js';

export interface WaitForEntryOptions extends CallOptions {
  /** The KS, or a function returning one (asked again, once, when the server refuses it). */
  ks: KsSource;
  /** Stops following: the promise rejects with `CANCELLED`. */
  signal?: AbortSignal;
  /**
   * The entry as last seen, e.g. `UploadResult.entry`: a final status settles at once, without a
   * request, and the first `media.get` waits `minDelay`. Without it, the entry is read at once.
   */
  entry?: KalturaMediaEntry;
  /** Called with the entry after every read, e.g. to show its status or its new thumbnail. */
  onEntry?: (entry: KalturaMediaEntry) => void;
  /** First wait between reads in ms; each next one is 1.5 times longer, up to `maxDelay`. @default 2000 */
  minDelay?: number;
  /** @default 30000 */
  maxDelay?: number;
}

/** How following an entry ended: `ready` (status 2, playable) or `failed` (-1 or -2), with the entry as last read. */
export interface EntryOutcome {
  state: 'ready' | 'failed';
  entry: KalturaMediaEntry;
}

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
export async function waitForEntryReady(entryId: string, options: WaitForEntryOptions): Promise<EntryOutcome> {
  const { signal = new AbortController().signal, maxDelay = 30_000 } = options;
  const ks = new KsSession(options.ks);
  let { entry } = options;
  let delay = options.minDelay ?? 2000;
  let wait = entry ? delay : 0;
  let replayedWith: string | undefined;
  for (;;) {
    const status = Number(entry?.status);
    if (status === EntryStatus.READY) return { state: 'ready', entry: entry! };
    if (status === EntryStatus.ERROR_CONVERTING || status === EntryStatus.ERROR_IMPORTING) return { state: 'failed', entry: entry! };
    await sleep(wait, signal);
    if (signal.aborted) throw new UploadError('CANCELLED', `Stopped following entry ${entryId}`);
    if (wait) delay = Math.min(delay * 1.5, maxDelay);
    wait = delay;
    let sent = ks.current;
    try {
      if (!sent) await ks.load();
      sent = ks.current;
      entry = await getEntry(callContext(options, sent, signal), entryId);
      ks.worked(sent);
      options.onEntry?.(entry);
    } catch (e) {
      const error = toUploadError(e);
      if (signal.aborted) throw new UploadError('CANCELLED', `Stopped following entry ${entryId}`, { cause: e });
      if (error.code === 'INVALID_KS' && ks.refreshable && ks.mayReplace(sent, replayedWith)) {
        await ks.replace(sent);
        replayedWith = ks.current;
      } else if (!error.retryable) {
        throw error;
      }
      // Otherwise the entry is read again at the next delay.
    }
  }
}
