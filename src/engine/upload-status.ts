// The upload's status as data: one discriminated union, so every fact that belongs to a state
// travels with it (a retry's attempt and delay, an error, where a resumed upload starts) and a UI
// renders it with one `switch (status.state)`. `statechange` events carry it.
import type { UploadError } from '../errors.js';
import type { KalturaMediaEntry } from '../kaltura/types.js';
import type { EnrichmentResults } from './enrichment/enrichment-options.js';

/** What `start()` resolves with (and, with enrichment options, each one's outcome). */
export interface UploadResult extends EnrichmentResults {
  entryId: string;
  uploadTokenId: string;
  /** The entry as Kaltura answered for it once it held the file. */
  entry: KalturaMediaEntry;
  /**
   * Fields of `entry` (the option) the entry does not hold: Kaltura drops, without an error, a
   * field the KS's role may not set (a default USER KS and `referenceId`, say). Empty when all were kept.
   */
  droppedFields: string[];
  /**
   * With `replaceEntryId`, when the entry had media: how its replacement ended. Unset for a new
   * entry, and for a `replaceEntryId` entry that had no content yet (status 7: it got the file directly).
   */
  replacement?: ReplacementOutcome;
}

/**
 * How a replacement (`replaceEntryId`) ended, from the entry's `replacementStatus`:
 * - `replaced`: back to NONE (0); the entry (same id) plays the new media;
 * - `awaiting-approval`: READY_BUT_NOT_APPROVED (2); the new media is ready and waits for
 *   `approveReplace` (or `cancelReplace`), which a plain USER KS may not call;
 * - `failed`: FAILED (4); the new media did not convert, the entry keeps its old media.
 * `replacingEntryId` is the temporary entry holding the new media (unset once replaced).
 */
export interface ReplacementOutcome {
  status: 'replaced' | 'awaiting-approval' | 'failed';
  replacingEntryId?: string;
}

/** The states and what belongs to each. */
type Members =
  | { state: 'idle' }
  | { state: 'uploading'; resumedFrom?: number }
  | { state: 'paused' }
  | { state: 'retrying'; error: UploadError; attempt: number; retryInMs: number }
  | { state: 'retrying'; error: UploadError; reason: 'offline' }
  | { state: 'finalizing' }
  | { state: 'complete'; result: UploadResult }
  | { state: 'error'; error: UploadError }
  | { state: 'cancelled' };

type KeysOf<T> = T extends unknown ? keyof T : never;
/**
 * Each member also declares the other members' fields as `undefined`, so `status.error?.code`
 * reads without narrowing while `if (status.state === 'error')` still narrows `error` to an UploadError.
 */
type Exclusive<T, K extends PropertyKey = KeysOf<T>> = T extends unknown ? T & { [P in Exclude<K, keyof T>]?: undefined } : never;

/**
 * Where an upload stands:
 * - `idle`: created, `start()` not called yet;
 * - `uploading`: bytes are moving; `resumedFrom` is the bytes the server already held when a
 *   remembered upload continued;
 * - `paused`: `pause()` was called, nothing is sent until `resume()`;
 * - `retrying`: a request failed in a way worth retrying; attempt `attempt` (1-based) goes out in
 *   `retryInMs`; or, with `reason: 'offline'`, the browser reports no network and the upload waits
 *   for `online`, using up no retry;
 * - `finalizing`: every byte is confirmed, the entry is being made;
 * - `complete` (with the `result`), `error` (with the `error`), `cancelled`.
 *
 * @example
 * switch (status.state) {
 *   case 'retrying': return status.reason === 'offline' ? 'Waiting for network' : `Retry ${status.attempt} in ${status.retryInMs} ms`;
 *   case 'error': return status.error.message;
 * }
 */
export type UploadStatus = Exclusive<Members>;

/** The state names: `idle`, `uploading`, `paused`, `retrying`, `finalizing`, `complete`, `error`, `cancelled`. */
export type UploadState = UploadStatus['state'];

/** `statechange` detail: the new status and the state before it. */
export type UploadStateDetail = UploadStatus & { previous: UploadState };

