// `kaltura-chunked-upload/react`: <kaltura-uploader> as a React component. Importing this module
// registers the tag (through ./define.js), so a React app needs this one import and nothing else.
//
// React passes unknown props to custom elements as attributes and cannot listen to custom events
// before React 19; @lit/react sets properties (ks, ksProvider, strings…) as properties and wires
// the `on…` props below to the element's `kaltura-upload-*` events, with their detail types.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { KalturaUploaderElement } from './element/kaltura-uploader.js';
import type { KalturaUploaderEventMap } from './element/events.js';
import './define.js';

/** Types the event prop for one of the element's events. */
type UploaderEvent<K extends keyof KalturaUploaderEventMap> = EventName<KalturaUploaderEventMap[K]>;

/**
 * `<kaltura-uploader>` for React. Element properties are props (`serviceUrl`, `ks`, `ksProvider`,
 * `partnerId`, `chunkSize`, `concurrency`, `accept`, `maxFileSize`, `multiple`, `manual`, …);
 * each `kaltura-upload-*` event is an `onKalturaUpload*` prop, and `kaltura-entry-ready` /
 * `kaltura-entry-failed` are `onKalturaEntryReady` / `onKalturaEntryFailed`, whose argument is the
 * typed `CustomEvent`. A `ref` gives the element, for `addFiles()`, `start()`, `pause()`, `resume()`
 * and `cancel()`.
 *
 * @example
 * ```tsx
 * <KalturaUploader
 *   serviceUrl="https://www.kaltura.com"
 *   partnerId={123}
 *   ksProvider={fetchKs}
 *   onKalturaUploadComplete={(e) => setEntryId(e.detail.entryId)}
 * />
 * ```
 */
export const KalturaUploader = createComponent({
  react: React,
  tagName: 'kaltura-uploader',
  elementClass: KalturaUploaderElement,
  displayName: 'KalturaUploader',
  events: {
    /** `kaltura-upload-start`: `e.detail` is `{file}`. */
    onKalturaUploadStart: 'kaltura-upload-start' as UploaderEvent<'kaltura-upload-start'>,
    /** `kaltura-upload-progress`: `e.detail` is `{file, bytesSent, bytesConfirmed, bytesTotal}`. */
    onKalturaUploadProgress: 'kaltura-upload-progress' as UploaderEvent<'kaltura-upload-progress'>,
    /** `kaltura-upload-complete`: `e.detail` is `{file, entryId, uploadTokenId}`. */
    onKalturaUploadComplete: 'kaltura-upload-complete' as UploaderEvent<'kaltura-upload-complete'>,
    /** `kaltura-upload-error`: `e.detail` is `{file, error}`, `error` an `UploadError`. */
    onKalturaUploadError: 'kaltura-upload-error' as UploaderEvent<'kaltura-upload-error'>,
    /** `kaltura-upload-statechange`: `e.detail` is `{file, state, previous}`. */
    onKalturaUploadStatechange: 'kaltura-upload-statechange' as UploaderEvent<'kaltura-upload-statechange'>,
    /** `kaltura-entry-ready`: the new entry is playable; `e.detail` is `{file, entryId, entry}`. */
    onKalturaEntryReady: 'kaltura-entry-ready' as UploaderEvent<'kaltura-entry-ready'>,
    /** `kaltura-entry-failed`: its conversion or import failed; `e.detail` is `{file, entryId, entry}`. */
    onKalturaEntryFailed: 'kaltura-entry-failed' as UploaderEvent<'kaltura-entry-failed'>,
  },
});

/** The props of `KalturaUploader`. */
export type KalturaUploaderProps = React.ComponentProps<typeof KalturaUploader>;

export { KalturaUploaderElement };
export type * from './element/events.js';
