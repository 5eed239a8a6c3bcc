// The element's events: names, typed details, and the typed `addEventListener` overloads that let
// `el.addEventListener('kaltura-upload-complete', (e) => e.detail.entryId)` type-check with no casts.
// They belong to `<kaltura-uploader>` alone (KalturaUploaderEventTarget, merged into the element's
// class): a global event map (`GlobalEventHandlersEventMap`) would claim that every element, the
// window and the document dispatch them, and would clash with any other library's `kaltura-*` types.
// Details are named `Uploader…` so they never clash with the engine's own (`UploadProgressDetail`).
import type { UploadError } from '../errors.js';
import type { UploadProgressDetail, UploadStateDetail } from '../engine/chunked-upload.js';
import type { KalturaMediaEntry } from '../kaltura/types.js';

/** `kaltura-upload-start`: the element began uploading `file` (after it passed the checks). */
export interface UploaderStartDetail {
  file: File;
}

/** `kaltura-upload-progress`: bytes sent (XHR progress) and confirmed by the server, whole file. */
export interface UploaderProgressDetail extends UploadProgressDetail {
  file: File;
}

/** `kaltura-upload-complete`: the file is attached to a new entry. */
export interface UploaderCompleteDetail {
  file: File;
  entryId: string;
  uploadTokenId: string;
}

/**
 * `kaltura-upload-error`: the upload of `file` failed, or the file was rejected before any
 * request (`error.code` `FILE_TYPE_NOT_ACCEPTED`, `FILE_TOO_LARGE` or `EMPTY_FILE`), or a
 * recording (`record`) could not start or stopped early (`RECORDING_NOT_ALLOWED`,
 * `RECORDING_NO_DEVICE`, `RECORDING_NOT_SUPPORTED`, `RECORDING_DEVICE_LOST`; `file` is then an
 * empty stand-in with the recording's name and type, and after `RECORDING_DEVICE_LOST` its row
 * still uploads what was recorded). Not fired for a cancel: that is a
 * `kaltura-upload-statechange` to `cancelled`.
 */
export interface UploaderErrorDetail {
  file: File;
  error: UploadError;
}

/**
 * `kaltura-upload-statechange`: the engine's status for `file` changed: the state, the one
 * before it, and what belongs to the state (with `uploading`, `resumedFrom` when an interrupted
 * upload continues; with `retrying`, `error`, `attempt` and `retryInMs`, or `reason: 'offline'`
 * while it waits for the network; with `error`, the `error`; with `complete`, the `result`).
 */
export type UploaderStateChangeDetail = UploadStateDetail & { file: File };

/**
 * `kaltura-entry-ready`: the new entry of `file` reached status 2 READY (playable), followed with
 * `media.get` after the upload. `entry` is the entry as that call answered (its `thumbnailUrl`,
 * `dataUrl`, `duration`...).
 */
export interface UploaderEntryReadyDetail {
  file: File;
  entryId: string;
  entry: KalturaMediaEntry;
  /**
   * `replace-entry-id`: the entry existed and `file` replaced its media (same id). For
   * `kaltura-entry-ready` the entry now plays the new media; for `kaltura-entry-failed` the new media
   * could not be converted (replacementStatus 4 FAILED) and the entry keeps its old media.
   */
  replaced?: true;
}

/** `kaltura-entry-failed`: the conversion or import of the new entry of `file` failed (`entry.status` -1 or -2), or its replacement failed (`replaced`). */
export type UploaderEntryFailedDetail = UploaderEntryReadyDetail;

/** Every event `<kaltura-uploader>` dispatches (all bubble and are composed). */
export interface KalturaUploaderEventMap {
  'kaltura-upload-start': CustomEvent<UploaderStartDetail>;
  'kaltura-upload-progress': CustomEvent<UploaderProgressDetail>;
  'kaltura-upload-complete': CustomEvent<UploaderCompleteDetail>;
  'kaltura-upload-error': CustomEvent<UploaderErrorDetail>;
  'kaltura-upload-statechange': CustomEvent<UploaderStateChangeDetail>;
  'kaltura-entry-ready': CustomEvent<UploaderEntryReadyDetail>;
  'kaltura-entry-failed': CustomEvent<UploaderEntryFailedDetail>;
}

export type KalturaUploaderEventName = keyof KalturaUploaderEventMap;

/** The `detail` type of one of the element's events. */
export type KalturaUploaderEventDetail<K extends KalturaUploaderEventName> =
  KalturaUploaderEventMap[K] extends CustomEvent<infer D> ? D : never;

/** Dispatches one of the element's events on `target`, bubbling and composed. */
export function emit<K extends KalturaUploaderEventName>(
  target: EventTarget,
  name: K,
  detail: KalturaUploaderEventDetail<K>,
): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}

/** The element's events and every `HTMLElement` event, by name. */
export interface KalturaUploaderElementEventMap extends HTMLElementEventMap, KalturaUploaderEventMap {}

/**
 * `addEventListener` / `removeEventListener` typed with the element's events (and an element's
 * usual ones). A listener on an ancestor or the document, which the events reach by bubbling, takes
 * its type from `KalturaUploaderEventMap`:
 * `document.addEventListener('kaltura-upload-complete', (e) => (e as KalturaUploaderEventMap['kaltura-upload-complete']).detail.entryId)`.
 */
export interface KalturaUploaderEventTarget {
  addEventListener<K extends keyof KalturaUploaderElementEventMap>(type: K, listener: (this: HTMLElement, event: KalturaUploaderElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof KalturaUploaderElementEventMap>(type: K, listener: (this: HTMLElement, event: KalturaUploaderElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}
