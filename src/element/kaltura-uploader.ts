// <kaltura-uploader>: the page that puts the parts together. The queue (one engine per file), the
// announcer, the drop target, the unload guard and the interrupted list are reactive controllers;
// rows are rendered by file-row.ts. This class holds the attributes, the public methods and the
// wording, and turns attributes into engine options.
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { InterruptedUpload } from '../engine/interrupted-uploads.js';
import type { ResumeStore } from '../engine/resume-store.js';
import { UploadError } from '../errors.js';
import { Announcer } from './controllers/announcer.js';
import { acceptDrops } from './controllers/drop-target.js';
import { engineOptions, localResumeStore, serverOptions } from './engine-options.js';
import type { KalturaUploaderEventTarget } from './events.js';
import { checkDuration, checkFile } from './files/file-checks.js';
import { renderFileList } from './views/file-list.js';
import { tellProgress, type RowContext } from './views/file-row.js';
import { followInternals, overallState, type UploaderState } from './controllers/internals.js';
import { InterruptedList } from './controllers/interrupted-list.js';
import { uploaderStyles } from './kaltura-uploader.styles.js';
import { Localize } from './i18n/localize.js';
import { MediaPreview } from './media/media-preview.js';
import type { RecorderPanel } from './recorder/recorder-panel.js';
import type { EnrichmentPanel } from './enrichment/enrichment-panel.js';
import { callOnce } from '../engine/options.js';
import { apiException, callKaltura, callKalturaForm } from '../kaltura/client.js';
import type { ElementWorkflows } from './workflows/element-workflows.js';
import { ProcessingTracker } from './controllers/processing-tracker.js';
import { UploadQueue, isActive, isFinished, type QueueItem } from './controllers/upload-queue.js';
import { UploaderProperties } from './uploader-properties.js';

export type { UploaderStrings } from './i18n/strings.js';
export type { UploaderState } from './controllers/internals.js';
export type { InterruptedUpload } from '../engine/interrupted-uploads.js';
export type * from './events.js';

/** States in which bytes are on their way, so leaving the page would interrupt them. */
const IN_FLIGHT = new Set<string>(['uploading', 'retrying', 'finalizing']);

// The element's own typed addEventListener overloads (events.ts), merged into the class.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface KalturaUploaderElement {
  addEventListener: KalturaUploaderEventTarget['addEventListener'];
  removeEventListener: KalturaUploaderEventTarget['removeEventListener'];
}

/**
 * A drop zone and file list that uploads files to Kaltura in resumable chunks, one
 * `ChunkedUpload` per file, and creates a media entry for each.
 *
 * Files come from the drop zone (a button: click, Enter or Space opens the file dialog), from
 * dragging files onto the element, from pasting files while it has focus, or from `addFiles()`.
 * Each file gets a row: name, size, a progress bar (bytes the server confirmed, and bytes sent),
 * speed, time left, its state in words, and Pause/Resume, Cancel, Retry and Remove buttons.
 * At most `max-parallel-files` files upload at once; the rest wait, queued. Files wait too
 * while `service-url` or a KS is missing, and start as soon as both are set.
 *
 * Files that cannot be uploaded (type not in `accept`, larger than `max-file-size`, empty) are
 * rejected before any request, with a message on their row, a polite announcement and a
 * `kaltura-upload-error` event.
 *
 * A video, audio or image file is read in the browser as it is added, without delaying its upload:
 * its row shows a poster frame, the duration and the frame size. With `min-duration` or
 * `max-duration` a file waits for that (it takes a moment) and one outside the limits is rejected
 * before any request; a file whose duration cannot be read is not rejected by them. A file the
 * browser cannot decode uploads all the same, without a preview. Once a video's upload is
 * complete, its poster becomes the new entry's thumbnail (`thumbAsset.addFromImage` +
 * `setAsDefault`; `no-thumbnail` turns that off; a failure there never fails the upload).
 *
 * With `replace-entry-id`, the next file replaces that entry's media instead of making a new entry
 * (`media.updateContent`; the id, metadata, captions and categories stay): one file, its row
 * says "Replacing", then "Ready to play", "Waiting for approval" (a partner that approves
 * replacements) or "Replacement failed" (the entry keeps its old media), and the `kaltura-entry-*`
 * events carry `replaced: true`. With `import-url`, a "Paste a link" field imports an http(s) link
 * (Kaltura downloads it, no bytes through the browser), as do links pasted or dropped on the
 * element; other links are refused before any request. See docs/replace-and-import.md.
 *
 * After the upload the element follows each new entry with `media.get` (from about 2 s apart up
 * to 30 s) until it can be played: the row says "Processing", then "Ready to play" with the
 * entry's thumbnail and a Play link to its `dataUrl` (or "Conversion failed"), and
 * `kaltura-entry-ready` (or `kaltura-entry-failed`) is dispatched. Following stops when the row is
 * removed or the element leaves the document; `no-track-processing` turns it off.
 *
 * Nothing is lost to a closed tab, a crash or a dropped network: every file's upload is
 * remembered in a resume store (`localStorage` unless `uploadOptions.resumeStore` says otherwise;
 * never the KS). The same file added again continues where the server stopped, and its row says
 * "Resuming from N%". Above the rows, a list of interrupted uploads (stored records whose file is
 * not in the queue, younger than `resumeMaxAge`) asks for each file again and offers Forget, which
 * drops the record and deletes its upload token; `hide-interrupted` hides it and
 * `interruptedUploads()` gives the same list to a page. While the browser is offline a row says
 * "Waiting for network" and continues when it is back. While bytes are in flight, leaving the
 * page asks for confirmation (`beforeunload`), unless `no-unload-guard` is set.
 *
 * In a form, with a `name`, the form data holds one entry per completed upload, its new entry id;
 * the element is invalid while files are still on their way and, with `required`, until one upload
 * is complete. `disabled` (or a `<fieldset disabled>`) stops picking, drops and pastes; `form.reset()`
 * clears the finished rows. Dropped folders bring the files inside them. Words follow the language
 * (`lang` on the element or an ancestor, and any pack imported from `kaltura-chunked-upload/locales/`),
 * and the layout its direction. `keep-awake` holds a screen wake lock while bytes move.
 *
 * State for CSS: `state` (attribute and custom state: `:state(uploading)`) is `idle`, `uploading`,
 * `paused`, `error` or `complete`, the strongest of its files' in that order from the right;
 * `dragover` is present while files are dragged over the element
 * (`kaltura-uploader[dragover]::part(dropzone)`).
 *
 * @tagname kaltura-uploader
 * @summary Chunked, resumable uploads to Kaltura with a drop zone and per-file progress.
 *
 * @example
 * ```html
 * <script type="module">import 'kaltura-chunked-upload/define';</script>
 * <kaltura-uploader service-url="https://www.kaltura.com" partner-id="123" multiple></kaltura-uploader>
 * <script>
 *   const uploader = document.querySelector('kaltura-uploader');
 *   // The KS is a property (never an attribute: the DOM is readable by much else); your server mints it.
 *   uploader.ksProvider = () => fetch('/my-app/kaltura-ks', { method: 'POST' }).then((r) => r.json());
 *   uploader.addEventListener('kaltura-upload-complete', (e) => console.log(e.detail.entryId));
 * </script>
 * ```
 *
 * @fires {CustomEvent<UploaderStartDetail>} kaltura-upload-start - An upload of `detail.file` began.
 * @fires {CustomEvent<UploaderProgressDetail>} kaltura-upload-progress - Bytes moved: `{file, bytesSent, bytesConfirmed, bytesTotal}` for the whole file.
 * @fires {CustomEvent<UploaderCompleteDetail>} kaltura-upload-complete - The file is in a new entry: `{file, entryId, uploadTokenId}`.
 * @fires {CustomEvent<UploaderErrorDetail>} kaltura-upload-error - An upload failed, or a file was rejected before any request, or a recording could not start or stopped early (`RECORDING_*`; `file` is then the recording's stand-in): `{file, error}` with an `UploadError` (`error.code`).
 * @fires {CustomEvent<UploaderStateChangeDetail>} kaltura-upload-statechange - The engine status of a file changed: `{file, state, previous}` plus what belongs to the state (`resumedFrom` when an interrupted upload continues; `error`, `attempt`, `retryInMs` or `reason: 'offline'` while retrying; `error`; `result`).
 * @fires {CustomEvent<UploaderEntryReadyDetail>} kaltura-entry-ready - The new entry of a file reached status 2 READY (playable): `{file, entryId, entry}`, `entry` as `media.get` answered.
 * @fires {CustomEvent<UploaderEntryFailedDetail>} kaltura-entry-failed - The conversion or import of the new entry of a file failed (status -1 or -2): `{file, entryId, entry}`.
 *
 * @slot - Content of the drop zone, replacing the icon and the `dropzone` text (phrasing content only: it sits inside a button).
 *
 * @csspart dropzone - The drop zone button.
 * @csspart hint - The drop zone's second line (accepted types, size limit).
 * @csspart start-button - The Upload button shown while files wait in `manual` or `metadata` mode (also has part `button`).
 * @csspart list - The list of files.
 * @csspart file - One file's row (`li`). Rows also have a part naming their state: `file-queued`, `file-idle`, `file-uploading`, `file-paused`, `file-retrying`, `file-finalizing`, `file-complete`, `file-error`, `file-cancelled` or `file-rejected`; a finished row whose entry is followed also `entry-processing`, `entry-ready`, `entry-failed` or `entry-unknown`.
 * @csspart poster - The poster frame (or image) read in the browser, until the entry's own thumbnail replaces it.
 * @csspart name - The file name.
 * @csspart size - The file size.
 * @csspart media-info - A media file's duration and frame size, e.g. "0:05 · 640×480".
 * @csspart state - The state in words.
 * @csspart progress-bar - The progress bar (`role=progressbar`).
 * @csspart progress-sent - The bar's fill for bytes sent.
 * @csspart progress-confirmed - The bar's fill for bytes the server confirmed.
 * @csspart details - The line with bytes, speed and time left.
 * @csspart actions - The row's buttons.
 * @csspart button - Every button in rows; each also has a part naming it: `pause-button`, `resume-button`, `cancel-button`, `retry-button`, `remove-button` or `forget-button`.
 * @csspart message - A rejection or error message.
 * @csspart entry - The line with the new entry's id.
 * @csspart thumbnail - The entry's thumbnail (its `thumbnailUrl`), once it is ready to play (at once with `no-track-processing`), and only if the image loads.
 * @csspart play-link - The link to the entry's playable file (`dataUrl`, its playManifest), once it is ready to play.
 * @csspart unsafe-link - Said in place of a thumbnail or Play link whose URL from the server is not http(s) (never rendered).
 * @csspart fields - The metadata fields of a waiting file.
 * @csspart interrupted - The box around the list of interrupted uploads (shown only when there are any).
 * @csspart interrupted-title - The list's title, "Interrupted uploads" (also its accessible name).
 * @csspart interrupted-list - The list of interrupted uploads (`ul`).
 * @csspart interrupted-upload - One interrupted upload (`li`).
 * @csspart interrupted-name - Its file name.
 * @csspart interrupted-size - Its file size.
 * @csspart interrupted-progress - How far it got, e.g. "42% uploaded".
 * @csspart interrupted-hint - "Choose this file again to continue".
 * @csspart forget-button - The Forget button of an interrupted upload (also has part `button`).
 * @csspart continue-button - The Continue button of an interrupted recording, in place of the hint (also has part `button`).
 * @csspart link-form - With `import-url`: the "Paste a link" field, its label and its Import button.
 * @csspart link-label - The field's label, "Paste a link".
 * @csspart link-input - The link field (`input type=url`).
 * @csspart import-button - The Import button (also has part `button`).
 * @csspart recorder - With `record`: the box with the Record buttons, or while recording the preview, the time and Stop.
 * @csspart record-button - A Record button (also has part `button`, and `record-camera-button` or `record-screen-button`).
 * @csspart record-camera-button - The Record camera button.
 * @csspart record-screen-button - The Record screen button.
 * @csspart recorder-preview - The live preview (`video`) while recording.
 * @csspart recorder-time - The time recorded so far.
 * @csspart stop-button - The Stop button while recording (also has part `button`).
 * @csspart recorder-message - Why a recording could not start, or stopped early (`role=alert`).
 *
 * @cssstate idle - No file, only cancelled files, or files waiting for `start()` (also `state="idle"`).
 * @cssstate uploading - A file is queued for a slot, starting, uploading, retrying or finalizing (also `state="uploading"`).
 * @cssstate paused - A file is paused and none is uploading (also `state="paused"`).
 * @cssstate error - A file failed or was rejected and none is uploading or paused (also `state="error"`).
 * @cssstate complete - Every file that counts is complete (also `state="complete"`).
 *
 * @cssproperty [--kaltura-uploader-accent=#0b5fc7] - Progress fill, focus ring, Upload button.
 * @cssproperty [--kaltura-uploader-accent-text=#fff] - Text on the accent colour.
 * @cssproperty [--kaltura-uploader-text=#1f2328] - Text colour.
 * @cssproperty [--kaltura-uploader-muted=#59626f] - Secondary text (sizes, speed, hints).
 * @cssproperty [--kaltura-uploader-background=#fff] - Background of the element, rows and buttons.
 * @cssproperty [--kaltura-uploader-surface=#f4f6f9] - Background of the drop zone.
 * @cssproperty [--kaltura-uploader-border=#8c95a3] - Borders of the drop zone, rows, buttons and fields.
 * @cssproperty [--kaltura-uploader-error=#b42318] - Failure and rejection text.
 * @cssproperty [--kaltura-uploader-success=#1a7437] - The "done" state.
 * @cssproperty [--kaltura-uploader-track=#e2e6ec] - The progress bar's empty track.
 * @cssproperty [--kaltura-uploader-sent=#a9c9f2] - The progress fill for bytes sent but not yet confirmed.
 * @cssproperty [--kaltura-uploader-focus-ring=var(--kaltura-uploader-accent)] - Keyboard focus outline.
 * @cssproperty [--kaltura-uploader-radius=8px] - Corner radius.
 * @cssproperty [--kaltura-uploader-gap=0.75rem] - Space between rows.
 * @cssproperty [--kaltura-uploader-bar-height=0.5rem] - Height of the progress bar.
 * @cssproperty [--kaltura-uploader-font=inherit] - Font shorthand.
 */
export class KalturaUploaderElement extends UploaderProperties {
  static override styles = uploaderStyles;

  readonly #internals = this.attachInternals();
  readonly #queue = new UploadQueue(this, {
    // The row's captions, categories and custom fields first: they may set its entry fields.
    engineOptions: (item, extra = this.#enrichment?.options(item)) => ({ ...engineOptions(this, this.metadata ? item.fields : undefined, this.#resumeStore), ...extra }),
    maxParallel: () => this.maxParallelFiles && Math.max(1, this.maxParallelFiles),
    ready: () => !!this.serviceUrl && !!(this.ks || this.ksProvider),
    // A recording has no duration to check before it starts: it starts at once.
    mayStart: (item) => (!(this.minDuration || this.maxDuration) || !!item.source || this.#preview.settled(item)) && (this.#enrichment?.ready(item) ?? !this.#enriched()),
  });
  readonly #preview = new MediaPreview(this, {
    items: () => this.#queue.items,
    wanted: () => !this.noPreview || !!(this.minDuration || this.maxDuration),
    first: () => !!(this.minDuration || this.maxDuration),
    probed: (item) => {
      const code = checkDuration(this.#preview.get(item)?.duration, this.minDuration, this.maxDuration);
      if (code) this.#queue.reject(item, new UploadError(code, this.#words.rejection(code), { retryable: false }));
      else this.#queue.pump();
      // The thumbnail's code (entry-thumbnail.ts) loads with the first poster, so it is at hand when the upload completes.
      if (this.#preview.get(item)?.poster) this.#thumbnails();
    },
    setThumbnail: (entryId, poster) => this.noThumbnail ? undefined
      : this.#thumbnails().then((m) => m.setEntryThumbnail([callOnce, callKalturaForm, apiException], this.#callOptions(), entryId, poster)),
  });
  readonly #tracker = new ProcessingTracker(this, {
    items: () => this.#queue.items,
    options: () => (this.noTrackProcessing ? undefined : this.#callOptions()),
  });
  readonly #words = new Localize(this);
  readonly #announcer = new Announcer(this, this.#words);
  readonly #interrupted = new InterruptedList(this, {
    store: () => this.#resumeStore,
    maxAge: () => this.uploadOptions.resumeMaxAge,
    hidden: () => this.hideInterrupted,
    queued: () => this.#queue.items.map((item) => ({ file: item.file, uploadTokenId: item.upload?.uploadTokenId, key: (item.source as InterruptedUpload)?.key })),
    keyOptions: () => ({ partnerId: this.partnerId ?? this.uploadOptions.partnerId, fileName: this.uploadOptions.fileName }),
    server: () => (this.serviceUrl && (this.ks || this.ksProvider) ? { ...this.uploadOptions, ...serverOptions(this) } : undefined),
  });
  /** The recorder, once loaded (when `record` is first set). */
  #recorder?: RecorderPanel;
  #recorderLoad?: Promise<void>;
  /** Lets an update held while out of the document go (scheduleUpdate). */
  #back?: () => void;
  /** Captions, categories and custom fields, once loaded (when one of their properties is first set). */
  #enrichment?: EnrichmentPanel;
  /** The resume store made for this element when `uploadOptions.resumeStore` is unset; null where localStorage is unavailable. */
  #ownStore?: ResumeStore | null;
  #loading?: Promise<void>;
  #thumbnailer?: Promise<typeof import('../engine/entry-thumbnail.js')>;
  /** Set once bytes moved: the unload guard. */
  #guard?: Promise<void>;
  /** Set once `keep-awake` loaded the wake lock. */
  #awake?: Promise<void>;
  /** Set once `import-url` or `replace-entry-id` loaded their part (the link field, their words). */
  #flows?: Promise<void>;
  #links?: ElementWorkflows;

  constructor() {
    super();
    const moving = () => this.#queue.items.some((i) => !!i.upload && IN_FLIGHT.has(i.status.state));
    acceptDrops(this, (files) => this.addFiles(files));
    // The wake lock's code loads with the first `keep-awake`: most pages never set it. The unload
    // guard's with the first bytes in flight (it adds itself to the controllers, then listens while they move).
    this.addController({
      hostUpdated: () => {
        moving() && (this.#guard ??= import('./controllers/unload-guard.js').then((m) => void new m.UnloadGuard(this, () => !this.noUnloadGuard && moving()).hostUpdated()));
        this.keepAwake && (this.#awake ??= import('./controllers/wake-lock.js').then((m) => m.holdWakeLock(this, () => this.keepAwake && moving())));
        // Replacing media and importing links: their wording and the link field load with the first use.
        (this.importUrl || this.replaceEntryId) && (this.#flows ??= import('./workflows/element-workflows.js').then((m) => void (this.#links = new m.ElementWorkflows(this, this.#words, this.#queue))));
      },
    });
    followInternals(this, this.#internals, {
      items: () => this.#queue.items,
      strings: () => this.#words.strings,
      anchor: () => this.renderRoot.querySelector('.dropzone'),
    });
  }

  /** What the element is doing as a whole (also its `state` attribute and custom state). */
  get state(): UploaderState {
    return overallState(this.#queue.items);
  }

  /** The form this element belongs to. */
  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  /** Why the element is invalid, in its language ('' when valid). */
  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  /** False while files are still on their way, or with `required` before one upload is complete. */
  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  /** As `checkValidity()`, and shows the browser's message at the drop zone when invalid. */
  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  /** `form.reset()`: removes the finished rows (and so their entry ids from the form data). */
  formResetCallback(): void {
    this.#queue.items = this.#queue.items.filter((i) => !isFinished(i));
    this.requestUpdate();
  }

  /** The element's or a fieldset's `disabled` changed: render the drop zone accordingly. */
  formDisabledCallback(): void {
    this.requestUpdate();
  }

  /** Adds files to the queue (they start at once unless `manual` or `metadata` is set). */
  addFiles(files: FileList | File[]): void {
    // A replacement takes one file: the entry gets one new media. Caption files for queued videos
    // attach to their rows (with captions loaded); the rest are rows.
    const target = this.replaceEntryId || undefined;
    const list = (this.#enrichment?.take(files) ?? [...files]).slice(0, this.multiple && !target ? undefined : 1);
    const added = this.#queue.add(list, this.manual || this.metadata, (file) => {
      const code = checkFile(file, this.accept, this.maxFileSize);
      return code && new UploadError(code, this.#words.rejection(code), { retryable: false });
    }, undefined, target);
    this.#preview.watch(added);
    void this.#interrupted.refresh(); // a file chosen again leaves the interrupted list
  }

  /** Starts files waiting for it (`manual` / `metadata` mode). */
  start(): void {
    this.#queue.start();
  }

  /** Pauses every uploading or waiting file. */
  pause(): void {
    // Waiting files first, so a slot freed by pausing an upload is not taken by one of them.
    const { items } = this.#queue;
    for (const item of items) if (item.status.state === 'queued') this.#queue.pause(item);
    for (const item of items) if (isActive(item)) this.#queue.pause(item);
  }

  /** Resumes every paused file (within the `max-parallel-files` limit). */
  resume(): void {
    for (const item of this.#queue.items) this.#queue.resume(item);
  }

  /**
   * Cancels every file that is not finished: their rows are `cancelled` at once. The promise
   * settles once what their uploads made on the server (tokens, entries) is deleted.
   */
  cancel(): Promise<void> {
    // Files without an engine first, so none of them starts in a slot an upload just freed.
    const { items } = this.#queue;
    for (const item of items) if (!item.upload) void this.#queue.cancel(item);
    return Promise.all(items.map((item) => this.#queue.cancel(item))).then(() => {});
  }

  /**
   * Uploads that can be continued by adding the same file again: the resume store's records that
   * are younger than `resumeMaxAge` and whose file is not in this element's queue, newest first.
   * Expired records are removed on the way. Empty when the store has no `entries()`.
   */
  interruptedUploads(): Promise<InterruptedUpload[]> {
    return this.#interrupted.read();
  }

  /**
   * Drops an interrupted upload (`key` from `interruptedUploads()`): removes its record and, when
   * `service-url` and a KS are set, deletes its upload token on the server. Server errors are ignored.
   */
  forgetInterruptedUpload(key: string): Promise<void> {
    return this.#interrupted.forget(key);
  }

  /**
   * Out of the document, updates wait until it is back (as Lit's first one does): uploads go on,
   * rows catch up at once on return, and nothing renders unseen.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return this.isConnected ? super.scheduleUpdate() : new Promise<void>((r) => (this.#back = r)).then(() => super.scheduleUpdate());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#back?.();
  }

  /** With `cancel-on-disconnect`, a removal cancels the unfinished files; a move (back within the task) does not. */
  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.cancelOnDisconnect) queueMicrotask(() => this.isConnected || void this.cancel());
  }

  /**
   * Also waits for a `lang` or `dir` change made just before (the document's observer reports it a
   * microtask later), for the enrichment chunk once asked for (`metadata` mode's fields come with it),
   * and for the announcements' wording (its chunk loads with the first event to announce).
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    await null;
    await this.#loading?.catch(() => {});
    await this.#announcer.said;
    return super.getUpdateComplete();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Reflected here, not after render as Lit would: the browser's :disabled follows the attribute.
    if (changed.has('disabled')) this.toggleAttribute('disabled', this.disabled);
    // New credentials or a higher limit may let waiting files start.
    if (['serviceUrl', 'ks', 'ksProvider', 'maxParallelFiles'].some((k) => changed.has(k))) this.#queue.pump();
    // Another store, partner (part of the key), age limit or visibility: read the list again.
    if (['uploadOptions', 'partnerId', 'hideInterrupted'].some((k) => changed.has(k))) void this.#interrupted.refresh();
    // The recorder (its buttons too) loads once `record` is set, in a chunk of its own; nothing shows until then.
    if (this.record) this.#recorderLoad ??= import('./recorder/recorder-panel.js').then((m) => void (this.#recorder = new m.RecorderPanel(this, this.#words, this.#queue, UploadError)));
    // What each bar tells assistive technology, decided here so render() only reads it.
    const now = Date.now();
    for (const item of this.#queue.items) tellProgress(item, this.#words, now);
  }

  protected override render(): TemplateResult {
    const words = this.#words;
    const s = words.strings;
    const { items } = this.#queue;
    const hint = s.dropzoneHint(words.acceptList, this.maxFileSize ? words.bytes(this.maxFileSize) : '');
    const row: RowContext = {
      words, strings: s, queue: this.#queue, metadata: this.metadata,
      preview: (item) => this.#preview.get(item),
      media: this.#preview.view,
      processing: (item) => this.#tracker.get(item),
      remove: (item) => this.#remove(item),
      extra: this.#enrichment,
    };
    this.#enriched();
    // A form-associated element matches :disabled for its own `disabled` and a disabled fieldset.
    const off = this.matches(':disabled');
    // The direction on a wrapper: an RTL `lang` without any `dir` around still lays out right to left.
    return html`<div dir=${words.dir}>
      <button part="dropzone" class="dropzone" type="button" ?disabled=${off} @click=${this.#openPicker}>
        <slot>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 15V3m-5 5 5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" /></svg>
          <span>${s.dropzone}</span>
        </slot>
        ${hint ? html`<span part="hint" class="muted">${hint}</span>` : nothing}
      </button>
      <input type="file" hidden accept=${this.accept || nothing} ?multiple=${this.multiple} ?disabled=${off} @change=${this.#onInput} />
      ${this.record ? this.#recorder?.render() : nothing}
      ${this.importUrl ? this.#links?.render() : nothing}
      ${items.some((i) => i.held && i.status.state === 'queued')
        ? html`<button part="button start-button" class="button primary" type="button" ?disabled=${off} @click=${this.start}>${s.start}</button>`
        : nothing}
      ${this.#interrupted.view && this.#interrupted.items.length && !this.hideInterrupted
        ? this.#interrupted.view(this.#interrupted.items, words, s, (key) => void this.#onForget(key), (u) => {
          // An interrupted recording: a row again, whose upload finishes from browser storage.
          this.#queue.add([new File([], u.fileName)], false, () => undefined, u);
          void this.#interrupted.refresh();
        })
        : nothing}
      ${items.length ? renderFileList(items, row) : nothing}
      ${this.#announcer.render()}
    </div>`;
  }

  #remove(item: QueueItem): void {
    this.#queue.remove(item);
    this.renderRoot.querySelector<HTMLElement>('.dropzone')?.focus();
    void this.#interrupted.refresh(); // a failed upload removed from the rows can still be continued
  }

  /** Forgets an interrupted upload from its button; focus moves to the next Forget button, else the drop zone. */
  async #onForget(key: string): Promise<void> {
    const index = this.#interrupted.items.findIndex((u) => u.key === key);
    await this.forgetInterruptedUpload(key);
    await this.updateComplete;
    const buttons = this.renderRoot.querySelectorAll<HTMLElement>('[part~="forget-button"]');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('.dropzone'))?.focus();
  }

  /** Whether captions, categories or custom fields may be asked for; loads their chunk the first time (then files may start). */
  #enriched(): boolean {
    // `metadata` mode offers captions on video rows, and the pickers (categoryChoices, conversionProfileChoices).
    return !!((this.metadata || this.captions || this.categoryIds || this.metadataProfileId) &&
      (this.#loading ??= import('./enrichment/enrichment-panel.js').then((m) => {
        this.#enrichment = new m.EnrichmentPanel(this, this.#words, this.#queue, [callOnce, callKaltura, UploadError], () => this.#callOptions());
      })));
  }

  /** Setting a new entry's thumbnail from its poster: a chunk of its own, handed the engine's functions. */
  #thumbnails() {
    return (this.#thumbnailer ??= import('../engine/entry-thumbnail.js'));
  }

  /** What calls about an entry need (service, KS as the engine gets it, transport, timeouts). */
  #callOptions() {
    return engineOptions(this, undefined, undefined);
  }

  /** `uploadOptions.resumeStore`, else one `LocalStorageResumeStore` for this element (none where storage is blocked). */
  get #resumeStore(): ResumeStore | undefined {
    return this.uploadOptions.resumeStore ?? (this.#ownStore === undefined ? (this.#ownStore = localResumeStore() ?? null) : this.#ownStore) ?? undefined;
  }

  #openPicker(): void {
    this.renderRoot.querySelector('input')?.click();
  }

  #onInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.files?.length) this.addFiles(input.files);
    input.value = ''; // so choosing the same file again fires `change` again
  }
}
