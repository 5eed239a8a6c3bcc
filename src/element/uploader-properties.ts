// The element's public properties and the attributes they reflect, each documented for editors
// and the custom-elements manifest: what a page sets. KalturaUploaderElement (kaltura-uploader.ts)
// extends this class with what the element does with them.
import { LitElement } from 'lit';
import type { ChunkedUploadOptions } from '../engine/chunked-upload.js';
import type { UploaderStrings } from './i18n/strings.js';

export class UploaderProperties extends LitElement {
  // The reactive properties and their attributes, in one block rather than a decorator on each
  // field (the same to Lit, and smaller once built); each field below says what it is for.
  static override properties = {
    serviceUrl: { attribute: 'service-url' },
    ks: {},
    partnerId: { attribute: 'partner-id', type: Number },
    chunkSize: { attribute: 'chunk-size', type: Number },
    concurrency: { type: Number },
    accept: {},
    maxFileSize: { attribute: 'max-file-size', type: Number },
    minDuration: { attribute: 'min-duration', type: Number },
    maxDuration: { attribute: 'max-duration', type: Number },
    noThumbnail: { attribute: 'no-thumbnail', type: Boolean },
    noPreview: { attribute: 'no-preview', type: Boolean },
    noTrackProcessing: { attribute: 'no-track-processing', type: Boolean },
    multiple: { type: Boolean },
    manual: { type: Boolean },
    metadata: { type: Boolean },
    maxParallelFiles: { attribute: 'max-parallel-files', type: Number },
    uploadOptions: { attribute: false },
    ksProvider: { attribute: false },
    strings: { attribute: false },
    noUnloadGuard: { attribute: 'no-unload-guard', type: Boolean },
    hideInterrupted: { attribute: 'hide-interrupted', type: Boolean },
    record: {},
    name: {},
    required: { type: Boolean },
    disabled: { type: Boolean },
    keepAwake: { attribute: 'keep-awake', type: Boolean },
    replaceEntryId: { attribute: 'replace-entry-id' },
    importUrl: { attribute: 'import-url', type: Boolean },
  };

  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com`. */
  serviceUrl = '';

  /** The Kaltura Session. Prefer `ksProvider` for sessions that may expire during an upload. */
  ks = '';

  /** Partner id, sent with every call. */
  partnerId?: number;

  /** Chunk size in bytes, used exactly; unset, the engine sizes chunks from the link's speed. */
  chunkSize?: number;

  /** Parallel chunk requests per file (engine default, 6, when unset). */
  concurrency?: number;

  /** Accepted types as for `<input accept>`: extensions, MIME types, wildcards. Empty accepts all. */
  accept = '';

  /** Largest accepted file, in bytes; larger files are rejected before any request. */
  maxFileSize?: number;

  /**
   * Shortest accepted duration of a video or audio file, in seconds; shorter files are rejected
   * before any request (`DURATION_TOO_SHORT`). Files then wait for their duration to be read.
   */
  minDuration?: number;

  /** Longest accepted duration in seconds; longer files are rejected before any request (`DURATION_TOO_LONG`). */
  maxDuration?: number;

  /** The poster frame read in the browser does not become the new entry's thumbnail. */
  noThumbnail = false;

  /**
   * No poster, duration or frame size is read in the browser (nor a poster thumbnail made), unless
   * `min-duration` / `max-duration` need the duration. Reading one loads the file from a `blob:`
   * URL: a page whose CSP has no `blob:` in `img-src` / `media-src` sets this to stay quiet.
   */
  noPreview = false;

  /** New entries are not followed after the upload (no "Processing" / "Ready to play", no `kaltura-entry-*` events). */
  noTrackProcessing = false;

  /** Accept several files at once (the dialog, drops and pastes); otherwise only the first is taken. */
  multiple = false;

  /** Files wait for `start()` (or the Upload button) instead of starting when added. */
  manual = false;

  /**
   * Shows name, description and tags fields for each waiting file, used for the new entry
   * (`media.add`). Files then wait for the Upload button or `start()`, as in `manual` mode.
   */
  metadata = false;

  /** The most files uploading at once; the others wait in line. */
  maxParallelFiles = 2;

  /** More engine options for every file (e.g. `retry`, `stallTimeout`, `clientTag`); attributes win. */
  uploadOptions: Partial<ChunkedUploadOptions> = {};

  /**
   * Returns a KS; called to start uploads when `ks` is empty, and again when the server says the
   * KS is invalid or expired.
   */
  ksProvider?: () => string | Promise<string>;

  /** Replacements for any of the visible or announced texts; see `UploaderStrings`. */
  strings: Partial<UploaderStrings> = {};

  /** No "leave this page?" prompt (`beforeunload`) while bytes are in flight. */
  noUnloadGuard = false;

  /** Hides the built-in list of interrupted uploads; `interruptedUploads()` still returns them. */
  hideInterrupted = false;

  /**
   * Record buttons: `camera`, `screen`, or both (space-separated). A recording (with the
   * microphone when the person allows it) shows a live preview, the time and Stop, and becomes a
   * row that uploads while it records, named from the date ("Recording 2026-12-01 14:03.mp4").
   */
  record = '';

  /** The form field name: the form data gets one entry under it per completed upload, the new entry id. */
  name = '';

  /** In a form: invalid (the form cannot be submitted) until at least one upload is complete. */
  required = false;

  /** No picking, dropping or pasting of files (as inside a `<fieldset disabled>`); uploads already added go on. */
  disabled = false;

  /** Holds a screen wake lock while bytes move (when the browser allows it), so the device does not sleep mid-upload. */
  keepAwake = false;

  /**
   * The entry whose media the next file replaces (`media.updateContent`), keeping its id: one file
   * at a time. Its row says "Replacing", then "Ready to play", "Waiting for approval" or
   * "Replacement failed"; the `kaltura-entry-*` events carry `replaced: true`.
   */
  replaceEntryId = '';

  /**
   * A "Paste a link" field: Kaltura imports the link (http/https) itself, no bytes through the
   * browser. Links pasted or dropped on the element become imports too.
   */
  importUrl = false;

  /** Takes part in forms (ElementInternals). */
  static formAssociated = true;
}
