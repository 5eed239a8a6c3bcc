// The element's events: names, typed details, and the event-map augmentation that lets
// `el.addEventListener('kaltura-upload-complete', (e) => e.detail.entryId)` type-check with no casts.
import type { UploadError } from '../errors.js';
import type { UploadState } from '../engine/chunked-upload.js';

/** `kaltura-upload-start`: the element began uploading `file` (after it passed the checks). */
export interface UploadStartDetail {
  file: File;
}

/** `kaltura-upload-progress`: bytes sent (XHR progress) and confirmed by the server, whole file. */
export interface UploadProgressDetail {
  file: File;
  bytesSent: number;
  bytesConfirmed: number;
  bytesTotal: number;
}

/** `kaltura-upload-complete`: the file is attached to a new entry. */
export interface UploadCompleteDetail {
  file: File;
  entryId: string;
  uploadTokenId: string;
}

/**
 * `kaltura-upload-error`: the upload of `file` failed, or the file was rejected before any
 * request (`error.code` `FILE_TYPE_NOT_ACCEPTED`, `FILE_TOO_LARGE` or `EMPTY_FILE`).
 * Not fired for a cancel: that is a `kaltura-upload-statechange` to `cancelled`.
 */
export interface UploadErrorDetail {
  file: File;
  error: UploadError;
}

/** `kaltura-upload-statechange`: the engine's state for `file` changed. */
export interface UploadStateChangeDetail {
  file: File;
  state: UploadState;
  previous: UploadState;
  /** With `uploading`, when the file continues an interrupted upload: the bytes the server already held. */
  resumedFrom?: number;
  /** With `retrying`: `offline` while the browser reports no network (the upload waits for it). */
  reason?: 'offline';
}

/** Every event `<kaltura-uploader>` dispatches (all bubble and are composed). */
export interface KalturaUploaderEventMap {
  'kaltura-upload-start': CustomEvent<UploadStartDetail>;
  'kaltura-upload-progress': CustomEvent<UploadProgressDetail>;
  'kaltura-upload-complete': CustomEvent<UploadCompleteDetail>;
  'kaltura-upload-error': CustomEvent<UploadErrorDetail>;
  'kaltura-upload-statechange': CustomEvent<UploadStateChangeDetail>;
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

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends KalturaUploaderEventMap {}
}
