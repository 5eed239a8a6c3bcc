// waitForEntryReady()'s loop (entry-tracking.ts), in a module that imports no other engine module at
// run time: the element's entry follower, a lazy chunk, runs it with the engine's functions it is
// handed (a lazy chunk sharing the engine's modules would make the bundler split them into a
// chunk the page loads up front, export list and all).
import type { UploadError, toUploadError } from '../errors.js';
import { EntryStatus } from '../kaltura/types.js';
import type { getEntry } from '../kaltura/upload-api.js';
import type { KalturaMediaEntry } from '../kaltura/types.js';
import type { KsSession } from './ks-session.js';
import type { callContext, CallOptions, KsSource } from './options.js';
import type { sleep } from './waits.js';

/* The options and outcome of waitForEntryReady() (re-exported by entry-tracking.ts, the public module). */
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

/** The engine's functions the loop uses, in this order (a tuple minifies to its values). */
export type EntryWaitKit = [
  UploadError: typeof UploadError,
  toUploadError: typeof toUploadError,
  getEntry: typeof getEntry,
  KsSession: typeof KsSession,
  callContext: typeof callContext,
  sleep: typeof sleep,
];

/** See waitForEntryReady(). */
export async function waitForEntry(
  [UploadError, toUploadError, getEntry, KsSession, callContext, sleep]: EntryWaitKit, entryId: string, options: WaitForEntryOptions,
): Promise<EntryOutcome> {
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
