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
    // A KS in the DOM is in outerHTML, session replays and cached HTML: an attribute given in markup
    // is read once and removed (attributeChangedCallback below), and the manifest shows the property only.
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
    cancelOnDisconnect: { attribute: 'cancel-on-disconnect', type: Boolean },
    captions: { type: Boolean },
    categoryIds: { attribute: 'category-ids' },
    metadataProfileId: { attribute: 'metadata-profile-id', type: Number },
    replaceEntryId: { attribute: 'replace-entry-id' },
    importUrl: { attribute: 'import-url', type: Boolean },
  };

  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com`. */
  serviceUrl = '';

  /**
   * The Kaltura Session, a property only. Prefer `ksProvider` for sessions that may expire during
   * an upload. A `ks` attribute in markup still works: it is read once into this property and
   * removed from the element, so no KS stays in the DOM.
   */
  ks = '';

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name != 'ks') super.attributeChangedCallback(name, old, value);
    // Its removal comes back here as null, and is not read.
    else if (value != null) this.removeAttribute(name), (this.ks = value);
  }

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

  /**
   * The most files uploading at once; the others wait in line. Unset: two, where a file under
   * 2 MiB (one request at a time) counts a third, so six small files go at once (the page's six
   * connections per host).
   * @default undefined (two, six small ones)
   */
  maxParallelFiles?: number;

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
   * Taking the element out of the document cancels its unfinished uploads (tokens deleted, nothing
   * left on the server). Without it they go on, and the element shows them again once it is back
   * (docs/element-lifecycle.md). Moving the element (out and back in one task) cancels nothing.
   */
  cancelOnDisconnect = false;

  /**
   * Video and audio rows get "Add captions" (.srt, .vtt, .dfxp) with a language choice
   * (`captionLanguages`, Kaltura's language names); a dropped .srt/.vtt whose base name matches a
   * queued video attaches to it. A session whose role may not change captions still uploads the
   * file, and its row says so. (Also in `metadata` mode without this attribute.)
   */
  declare captions?: boolean;

  /** Numeric category ids (space-separated) every file's entry is added to (`categoryEntry.add`); in `metadata` mode, preselected in the picker. */
  declare categoryIds?: string;

  /**
   * A custom-metadata profile: in `metadata` mode each waiting file shows that profile's fields
   * (text, list, date, multi-value; required ones marked) and waits until they are valid.
   */
  declare metadataProfileId?: number;

  // Plain properties (`declare`: no code in the element's bundle), read by the enrichment chunk
  // when it renders; set them before files are added.
  /** Categories a `metadata` mode picker offers, `[{id, fullName}]`; unset with `category-ids`, the element lists them (`category.list`). */
  declare categoryChoices?: Array<{ id: number; fullName: string }>;

  /** Conversion profiles a `metadata` mode picker offers, `[{id, name}]` (a user KS may not list them: the app does). */
  declare conversionProfileChoices?: Array<{ id: number; name: string }>;

  /** Kaltura language names the caption picker offers (default: a short list of common languages). */
  declare captionLanguages?: string[];

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
