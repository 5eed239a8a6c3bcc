import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { fileFingerprint } from '../engine/fingerprint.js';
import { DEFAULT_RESUME_MAX_AGE, LocalStorageResumeStore, type ResumeStore } from '../engine/resume-store.js';
import { UploadError } from '../errors.js';
import type { CallContext } from '../kaltura/client.js';
import { browserTransport } from '../kaltura/transport.js';
import { checkFile, type Rejection } from './file-checks.js';
import { formatBytes, formatDuration, formatPercent } from './format.js';
import { forgetInterrupted, readInterrupted, type InterruptedUpload } from './interrupted-uploads.js';
import { uploaderStyles } from './kaltura-uploader.styles.js';
import { defaultStrings, type UploaderStrings } from './strings.js';
import { UploadQueue, isActive, isFinished, type EngineOptions, type QueueItem } from './upload-queue.js';

export type { UploaderStrings } from './strings.js';
export type { InterruptedUpload } from './interrupted-uploads.js';
export type * from './events.js';

const REJECTIONS = new Set<string>(['FILE_TYPE_NOT_ACCEPTED', 'FILE_TOO_LARGE', 'EMPTY_FILE']);
/** States in which bytes are on their way, so leaving the page would interrupt them. */
const IN_FLIGHT = new Set<string>(['uploading', 'retrying', 'finalizing']);
/** Uploaders in the document: a file in any of their queues is not "interrupted" (they may share a store). */
const connectedUploaders = new Set<KalturaUploaderElement>();

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
 * The state attribute `dragover` is present while files are dragged over the element, so a page
 * can style `kaltura-uploader[dragover]::part(dropzone)`.
 *
 * @tagname kaltura-uploader
 * @summary Chunked, resumable uploads to Kaltura with a drop zone and per-file progress.
 *
 * @example
 * ```html
 * <script type="module">import 'kaltura-chunked-upload/define';</script>
 * <kaltura-uploader service-url="https://www.kaltura.com" partner-id="123" ks="…" multiple></kaltura-uploader>
 * <script>
 *   document.querySelector('kaltura-uploader')
 *     .addEventListener('kaltura-upload-complete', (e) => console.log(e.detail.entryId));
 * </script>
 * ```
 *
 * @fires {CustomEvent<UploadStartDetail>} kaltura-upload-start - An upload of `detail.file` began.
 * @fires {CustomEvent<UploadProgressDetail>} kaltura-upload-progress - Bytes moved: `{file, bytesSent, bytesConfirmed, bytesTotal}` for the whole file.
 * @fires {CustomEvent<UploadCompleteDetail>} kaltura-upload-complete - The file is in a new entry: `{file, entryId, uploadTokenId}`.
 * @fires {CustomEvent<UploadErrorDetail>} kaltura-upload-error - An upload failed, or a file was rejected before any request: `{file, error}` with an `UploadError` (`error.code`).
 * @fires {CustomEvent<UploadStateChangeDetail>} kaltura-upload-statechange - The engine state of a file changed: `{file, state, previous}`, with `resumedFrom` (bytes) when an interrupted upload continues and `reason: 'offline'` while it waits for the network.
 *
 * @slot - Content of the drop zone, replacing the icon and the `dropzone` text (phrasing content only: it sits inside a button).
 *
 * @csspart dropzone - The drop zone button.
 * @csspart hint - The drop zone's second line (accepted types, size limit).
 * @csspart start-button - The Upload button shown while files wait in `manual` or `metadata` mode (also has part `button`).
 * @csspart list - The list of files.
 * @csspart file - One file's row (`li`). Rows also have a part naming their state: `file-queued`, `file-idle`, `file-uploading`, `file-paused`, `file-retrying`, `file-finalizing`, `file-complete`, `file-error`, `file-cancelled` or `file-rejected`.
 * @csspart name - The file name.
 * @csspart size - The file size.
 * @csspart state - The state in words.
 * @csspart progress-bar - The progress bar (`role=progressbar`).
 * @csspart progress-sent - The bar's fill for bytes sent.
 * @csspart progress-confirmed - The bar's fill for bytes the server confirmed.
 * @csspart details - The line with bytes, speed and time left.
 * @csspart actions - The row's buttons.
 * @csspart button - Every button in rows; each also has a part naming it: `pause-button`, `resume-button`, `cancel-button`, `retry-button`, `remove-button` or `forget-button`.
 * @csspart message - A rejection or error message.
 * @csspart entry - The line with the new entry's id.
 * @csspart thumbnail - The entry's thumbnail (only with `partner-id`, and only if the image loads).
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
export class KalturaUploaderElement extends LitElement {
  static override styles = uploaderStyles;

  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com`. */
  @property({ attribute: 'service-url' }) serviceUrl = '';

  /** The Kaltura Session. Prefer `ksProvider` for sessions that may expire during an upload. */
  @property() ks = '';

  /** Partner id; also enables entry thumbnails on finished rows. */
  @property({ attribute: 'partner-id', type: Number }) partnerId?: number;

  /** Chunk size in bytes (engine default when unset). */
  @property({ attribute: 'chunk-size', type: Number }) chunkSize?: number;

  /** Parallel chunk requests per file (engine default when unset). */
  @property({ type: Number }) concurrency?: number;

  /** Accepted types as for `<input accept>`: extensions, MIME types, wildcards. Empty accepts all. */
  @property() accept = '';

  /** Largest accepted file, in bytes; larger files are rejected before any request. */
  @property({ attribute: 'max-file-size', type: Number }) maxFileSize?: number;

  /** Accept several files at once (the dialog, drops and pastes); otherwise only the first is taken. */
  @property({ type: Boolean }) multiple = false;

  /** Files wait for `start()` (or the Upload button) instead of starting when added. */
  @property({ type: Boolean }) manual = false;

  /**
   * Shows name, description and tags fields for each waiting file, used for the new entry
   * (`media.add`). Files then wait for the Upload button or `start()`, as in `manual` mode.
   */
  @property({ type: Boolean }) metadata = false;

  /** The most files uploading at once; the others wait in line. */
  @property({ attribute: 'max-parallel-files', type: Number }) maxParallelFiles = 2;

  /** More engine options for every file (e.g. `retry`, `stallTimeout`, `clientTag`); attributes win. */
  @property({ attribute: false }) uploadOptions: Partial<EngineOptions> = {};

  /**
   * Returns a KS; called to start uploads when `ks` is empty, and again when the server says the
   * KS is invalid or expired.
   */
  @property({ attribute: false }) ksProvider?: () => string | Promise<string>;

  /** Replacements for any of the visible or announced texts; see `UploaderStrings`. */
  @property({ attribute: false }) strings: Partial<UploaderStrings> = {};

  /** No "leave this page?" prompt (`beforeunload`) while bytes are in flight. */
  @property({ attribute: 'no-unload-guard', type: Boolean }) noUnloadGuard = false;

  /** Hides the built-in list of interrupted uploads; `interruptedUploads()` still returns them. */
  @property({ attribute: 'hide-interrupted', type: Boolean }) hideInterrupted = false;

  @state() private announcement = '';
  @state() private interrupted: InterruptedUpload[] = [];

  private readonly queue = new UploadQueue(this, {
    engineOptions: (item) => this.engineOptions(item),
    maxParallel: () => Math.max(1, this.maxParallelFiles || 2),
    ready: () => !!this.serviceUrl && !!(this.ks || this.ksProvider),
  });
  private announcedAt = 0;
  private dragDepth = 0;
  /** The resume store made for this element when `uploadOptions.resumeStore` is unset; null where localStorage is unavailable. */
  private ownStore?: ResumeStore | null;
  /** Each queued file's key in the resume store (it depends on the partner), so its record is not listed as interrupted. */
  private readonly fingerprints = new WeakMap<QueueItem, { partnerId?: number; key: Promise<string> }>();
  /** Counts reads of the interrupted list; only the latest one is shown. */
  private interruptedReads = 0;
  /** Files whose "waiting for network" was announced, until they move on. */
  private readonly waitAnnounced = new WeakSet<File>();
  private guardingUnload = false;

  constructor() {
    super();
    this.addEventListener('dragenter', this.onDrag);
    this.addEventListener('dragover', this.onDrag);
    this.addEventListener('dragleave', this.onDragLeave);
    this.addEventListener('drop', this.onDrop);
    this.addEventListener('paste', this.onPaste);
    this.addEventListener('kaltura-upload-start', (e) => this.announce(this.text.announceStart(e.detail.file.name)));
    this.addEventListener('kaltura-upload-complete', (e) => this.announce(this.text.announceDone(e.detail.file.name)));
    this.addEventListener('kaltura-upload-error', ({ detail: { file, error } }) => {
      const rejected = REJECTIONS.has(error.code);
      const message = rejected ? this.rejectionText(error.code as Rejection) : this.errorText(error);
      this.announce((rejected ? this.text.announceRejected : this.text.announceFailed)(file.name, message));
    });
    this.addEventListener('kaltura-upload-statechange', ({ detail: { file, state, resumedFrom, reason } }) => {
      if (resumedFrom) this.announce(this.text.announceResuming(file.name, this.percent(resumedFrom, file.size)));
      if (reason === 'offline' && !this.waitAnnounced.has(file)) {
        this.waitAnnounced.add(file);
        this.announce(this.text.announceWaitingForNetwork(file.name));
      } else if (state !== 'retrying') {
        this.waitAnnounced.delete(file);
      }
    });
  }

  /** Adds files to the queue (they start at once unless `manual` or `metadata` is set). */
  addFiles(files: FileList | File[]): void {
    const list = Array.from(files).slice(0, this.multiple ? undefined : 1);
    this.queue.add(list, this.manual || this.metadata, (file) => {
      const code = checkFile(file, this.accept, this.maxFileSize);
      return code && new UploadError(code, this.rejectionText(code), { retryable: false });
    });
    void this.refreshInterrupted(); // a file chosen again leaves the interrupted list
  }

  /** Starts files waiting for it (`manual` / `metadata` mode). */
  start(): void {
    this.queue.start();
  }

  /** Pauses every uploading or waiting file. */
  pause(): void {
    // Waiting files first, so a slot freed by pausing an upload is not taken by one of them.
    const items = this.queue.items;
    for (const item of items) if (item.state === 'queued') this.queue.pause(item);
    for (const item of items) if (isActive(item)) this.queue.pause(item);
  }

  /** Resumes every paused file (within the `max-parallel-files` limit). */
  resume(): void {
    for (const item of this.queue.items) this.queue.resume(item);
  }

  /** Cancels every file that is not finished. */
  cancel(): void {
    // Files without an engine first, so none of them starts in a slot an upload just freed.
    const items = this.queue.items;
    for (const item of items) if (!item.upload) this.queue.cancel(item);
    for (const item of items) this.queue.cancel(item);
  }

  /**
   * Uploads that can be continued by adding the same file again: the resume store's records that
   * are younger than `resumeMaxAge` and whose file is not in this element's queue, newest first.
   * Expired records are removed on the way. Empty when the store has no `entries()`.
   */
  async interruptedUploads(): Promise<InterruptedUpload[]> {
    const queued = [...new Set([this, ...connectedUploaders])].flatMap((el) => el.queue.items.map((item) => [el, item] as const));
    const keys = new Set(await Promise.all(queued.map(([el, item]) => el.fingerprintOf(item))));
    const tokens = new Set(queued.map(([, item]) => item.upload?.uploadTokenId));
    const maxAge = this.uploadOptions.resumeMaxAge ?? DEFAULT_RESUME_MAX_AGE;
    return readInterrupted(this.resumeStore, maxAge, (key, record) => keys.has(key) || tokens.has(record.uploadTokenId));
  }

  /**
   * Drops an interrupted upload (`key` from `interruptedUploads()`): removes its record and, when
   * `service-url` and a KS are set, deletes its upload token on the server. Server errors are ignored.
   */
  async forgetInterruptedUpload(key: string): Promise<void> {
    const canCall = !!this.serviceUrl && !!(this.ks || this.ksProvider);
    await forgetInterrupted(this.resumeStore, key, canCall ? () => this.callContext() : undefined);
    await this.refreshInterrupted();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    connectedUploaders.add(this);
    void this.refreshInterrupted();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    connectedUploaders.delete(this);
    this.guardUnload();
  }

  static override get observedAttributes(): string[] {
    // `lang` stays the native property; we only re-render when it changes.
    return [...super.observedAttributes, 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    super.attributeChangedCallback(name, old, value);
    if (name === 'lang') this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    // New credentials or a higher limit may let waiting files start.
    if (['serviceUrl', 'ks', 'ksProvider', 'maxParallelFiles'].some((k) => changed.has(k))) this.queue.pump();
    // Another store, partner (part of the key), age limit or visibility: read the list again.
    if (['uploadOptions', 'partnerId', 'hideInterrupted'].some((k) => changed.has(k))) void this.refreshInterrupted();
  }

  protected override updated(): void {
    this.guardUnload();
  }

  protected override render(): TemplateResult {
    const s = this.text;
    const items = this.queue.items;
    const hint = s.dropzoneHint(this.acceptList, this.maxFileSize ? formatBytes(this.maxFileSize, this.locale) : '');
    return html`
      <button part="dropzone" class="dropzone" type="button" @click=${this.openPicker}>
        <slot>
          <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 15V3m-5 5 5-5 5 5M4 15v4a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-4" /></svg>
          <span>${s.dropzone}</span>
        </slot>
        ${hint ? html`<span part="hint" class="muted">${hint}</span>` : nothing}
      </button>
      <input type="file" hidden accept=${this.accept || nothing} ?multiple=${this.multiple} @change=${this.onInput} />
      ${items.some((i) => i.held && i.state === 'queued')
        ? html`<button part="button start-button" class="button primary" type="button" @click=${this.start}>${s.start}</button>`
        : nothing}
      ${this.interrupted.length && !this.hideInterrupted ? this.renderInterrupted() : nothing}
      ${items.length
        ? html`<ul part="list" aria-label=${s.fileList}>${repeat(items, (i) => i.id, (i) => this.renderRow(i))}</ul>`
        : nothing}
      <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
    `;
  }

  private renderRow(item: QueueItem): TemplateResult {
    const s = this.text;
    const lang = this.locale;
    const { file, state } = item;
    const total = item.bytesTotal || file.size;
    const sent = total ? Math.min(1, item.bytesSent / total) : 0;
    const confirmed = total ? Math.min(1, item.bytesConfirmed / total) : 0;
    const moving = state === 'uploading' && item.speed > 0;
    // The engine's statechange to `error` comes just before its rejection carries the error.
    const { error } = item;
    const message = !error ? '' : state === 'rejected' ? this.rejectionText(error.code as Rejection) : state === 'error' ? this.errorText(error) : '';
    const details = [
      (item.bytesSent > 0 || item.upload) &&
        s.progress(formatBytes(item.bytesConfirmed, lang), formatBytes(item.bytesSent, lang), formatBytes(total, lang)),
      moving && s.speed(formatBytes(item.speed, lang, true)),
      moving && s.timeLeft(formatDuration((total - item.bytesSent) / item.speed, lang)),
    ].filter(Boolean);
    return html`
      <li part="file file-${state}" data-state=${state}>
        <div class="head">
          <span part="name" class="name" id="name-${item.id}">${file.name}</span>
          <span part="size" class="muted">${formatBytes(file.size, lang)}</span>
          <span part="state" class="state">${this.stateText(item)}</span>
        </div>
        ${state === 'rejected'
          ? nothing
          : html`<div
              part="progress-bar"
              class="bar"
              role="progressbar"
              aria-labelledby="name-${item.id}"
              aria-valuemin="0"
              aria-valuemax="100"
              aria-valuenow=${Math.floor(confirmed * 100)}
              aria-valuetext=${s.progressValue(formatPercent(confirmed, lang), formatPercent(sent, lang))}
              style="--sent:${sent};--confirmed:${confirmed}"
            >
              <div part="progress-sent" class="sent"></div>
              <div part="progress-confirmed" class="confirmed"></div>
            </div>`}
        ${message ? html`<p part="message" class="message">${message}</p>` : nothing}
        ${item.entryId ? this.renderEntry(item, item.entryId) : nothing}
        ${this.metadata && state === 'queued' && !item.upload ? this.renderFields(item) : nothing}
        <div class="foot">
          ${state === 'rejected' ? nothing : html`<span part="details" class="muted">${details.join(' · ')}</span>`}
          <span part="actions" class="actions">${this.actions(item).map(([name, label, run]) => html`
            <button part="button ${name}-button" class="button" type="button" aria-label=${s.actionLabel(label, file.name)} @click=${run}>${label}</button>`)}
          </span>
        </div>
      </li>
    `;
  }

  private renderInterrupted(): TemplateResult {
    const s = this.text;
    const lang = this.locale;
    const row = (u: InterruptedUpload) => html`<li part="interrupted-upload">
      <div class="head">
        <span part="interrupted-name" class="name">${u.fileName}</span>
        <span part="interrupted-size" class="muted">${formatBytes(u.fileSize, lang)}</span>
        <span part="interrupted-progress" class="state">${s.interruptedProgress(this.percent(u.bytesConfirmed, u.fileSize))}</span>
      </div>
      <div class="foot">
        <span part="interrupted-hint" class="muted">${s.chooseAgain}</span>
        <button part="button forget-button" class="button" type="button" aria-label=${s.actionLabel(s.forget, u.fileName)}
          @click=${() => this.onForget(u.key)}>${s.forget}</button>
      </div>
    </li>`;
    return html`<div part="interrupted" class="interrupted">
      <p part="interrupted-title" class="interrupted-title" id="interrupted-title">${s.interruptedList}</p>
      <ul part="interrupted-list" aria-labelledby="interrupted-title">${repeat(this.interrupted, (u) => u.key, row)}</ul>
    </div>`;
  }

  private renderEntry(item: QueueItem, entryId: string): TemplateResult {
    const base = this.serviceUrl.replace(/\/+$/, '');
    return html`<p part="entry" class="entry">
      ${this.partnerId
        ? html`<img
            part="thumbnail"
            class="thumbnail"
            alt=${this.text.thumbnailAlt(item.file.name)}
            src="${base}/p/${this.partnerId}/thumbnail/entry_id/${entryId}/width/120"
            @error=${(e: Event) => (e.target as HTMLElement).remove()}
          />`
        : nothing}
      <span>${this.text.entryId(entryId)}</span>
    </p>`;
  }

  private renderFields(item: QueueItem): TemplateResult {
    const s = this.text;
    const field = (key: keyof QueueItem['fields'], label: string) => {
      const id = `${key}-${item.id}`;
      const onInput = (e: Event) => (item.fields[key] = (e.target as HTMLInputElement).value);
      return html`<label for=${id}>${label}</label>${key === 'description'
          ? html`<textarea id=${id} rows="2" .value=${item.fields[key]} @input=${onInput}></textarea>`
          : html`<input id=${id} .value=${item.fields[key]} @input=${onInput} />`}`;
    };
    return html`<div part="fields" class="fields">
      ${field('name', s.nameLabel)} ${field('description', s.descriptionLabel)} ${field('tags', s.tagsLabel)}
    </div>`;
  }

  /** The buttons a row offers in its state: [part name, label, action]. */
  private actions(item: QueueItem): [string, string, () => void][] {
    const s = this.text;
    const q = this.queue;
    const pause: [string, string, () => void] = ['pause', s.pause, () => q.pause(item)];
    const resume: [string, string, () => void] = ['resume', s.resume, () => q.resume(item)];
    const cancel: [string, string, () => void] = ['cancel', s.cancel, () => q.cancel(item)];
    const retry: [string, string, () => void] = ['retry', s.retry, () => q.retry(item)];
    const remove: [string, string, () => void] = ['remove', s.remove, () => this.removeItem(item)];
    switch (item.state) {
      case 'idle':
      case 'uploading':
      case 'retrying':
        return [pause, cancel];
      case 'paused':
        return [resume, cancel];
      case 'error':
      case 'cancelled':
        return [retry, remove];
      default:
        return isFinished(item) ? [remove] : [cancel];
    }
  }

  private stateText(item: QueueItem): string {
    const s = this.text;
    switch (item.state) {
      case 'idle':
        return s.starting;
      case 'uploading':
        return item.resumedFrom ? s.resumingFrom(this.percent(item.resumedFrom, item.bytesTotal || item.file.size)) : s.uploading;
      case 'retrying':
        if (item.offline) return s.waitingForNetwork;
        return s.retrying(Math.max(0, Math.ceil(((item.retryAt ?? 0) - Date.now()) / 1000)));
      case 'complete':
        return s.done;
      case 'error':
        return s.failed;
      default:
        return s[item.state];
    }
  }

  private rejectionText(code: Rejection): string {
    const s = this.text;
    if (code === 'FILE_TYPE_NOT_ACCEPTED') return s.wrongType(this.acceptList);
    if (code === 'FILE_TOO_LARGE') return s.tooLarge(formatBytes(this.maxFileSize ?? 0, this.locale));
    return s.empty;
  }

  private errorText(error: UploadError): string {
    return this.text.errorMessage(error.code, error.message);
  }

  private engineOptions(item: QueueItem): EngineOptions {
    const provider = this.ksProvider;
    let initial = this.ks;
    const options = {
      serviceUrl: this.serviceUrl,
      // With a provider, use `ks` first (when set) and the provider for every later request.
      ks: provider
        ? () => {
            const ks = initial;
            initial = '';
            return ks || provider();
          }
        : this.ks,
      partnerId: this.partnerId,
      chunkSize: this.chunkSize,
      concurrency: this.concurrency,
      maxFileSize: this.maxFileSize,
      entry: this.metadata ? { ...item.fields } : undefined,
      resumeStore: this.resumeStore,
    };
    // Unset numeric attributes must not override the engine's defaults.
    const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v != null && v === v));
    return { ...this.uploadOptions, ...set } as EngineOptions;
  }

  private removeItem(item: QueueItem): void {
    this.queue.remove(item);
    this.renderRoot.querySelector<HTMLElement>('.dropzone')?.focus();
    void this.refreshInterrupted(); // a failed upload removed from the rows can still be continued
  }

  /** Forgets an interrupted upload from its button; focus moves to the next Forget button, else the drop zone. */
  private async onForget(key: string): Promise<void> {
    const index = this.interrupted.findIndex((u) => u.key === key);
    await this.forgetInterruptedUpload(key);
    await this.updateComplete;
    const buttons = this.renderRoot.querySelectorAll<HTMLElement>('[part~="forget-button"]');
    (buttons[Math.min(index, buttons.length - 1)] ?? this.renderRoot.querySelector<HTMLElement>('.dropzone'))?.focus();
  }

  /** Reads the interrupted list for the built-in view (nothing while it is hidden or disconnected). */
  private async refreshInterrupted(): Promise<void> {
    const read = ++this.interruptedReads;
    const list = this.hideInterrupted || !this.isConnected ? [] : await this.interruptedUploads();
    if (read === this.interruptedReads) this.interrupted = list;
  }

  /** The file's key in the resume store, as its engine computes it. */
  private fingerprintOf(item: QueueItem): Promise<string> {
    const partnerId = this.partnerId ?? this.uploadOptions.partnerId;
    let known = this.fingerprints.get(item);
    if (!known || known.partnerId !== partnerId) {
      const fileName = this.uploadOptions.fileName || item.file.name;
      known = { partnerId, key: fileFingerprint(item.file, fileName, partnerId).catch(() => '') };
      this.fingerprints.set(item, known);
    }
    return known.key;
  }

  /** `uploadOptions.resumeStore`, else one `LocalStorageResumeStore` for this element (none where storage is blocked). */
  private get resumeStore(): ResumeStore | undefined {
    if (this.uploadOptions.resumeStore) return this.uploadOptions.resumeStore;
    if (this.ownStore === undefined) {
      try {
        this.ownStore = globalThis.localStorage ? new LocalStorageResumeStore() : null;
      } catch {
        this.ownStore = null; // reading localStorage throws in some sandboxed frames
      }
    }
    return this.ownStore ?? undefined;
  }

  /** For calls outside an upload (deleting a forgotten token), with the same settings as the engine's. */
  private async callContext(): Promise<CallContext> {
    const o = this.uploadOptions;
    return {
      serviceUrl: this.serviceUrl, ks: this.ks || (await this.ksProvider!()), partnerId: this.partnerId ?? o.partnerId,
      signal: new AbortController().signal, transport: o.transport ?? browserTransport,
      clientTag: o.clientTag ?? 'kaltura-chunked-upload', stallTimeout: o.stallTimeout ?? 30_000, answerTimeout: o.responseTimeout ?? 120_000,
    };
  }

  /** Asks before the page is left while bytes are in flight; listens only then (and only while connected). */
  private guardUnload(): void {
    const guard = this.isConnected && !this.noUnloadGuard && this.queue.items.some((i) => !!i.upload && IN_FLIGHT.has(i.state));
    if (guard === this.guardingUnload) return;
    this.guardingUnload = guard;
    if (guard) window.addEventListener('beforeunload', this.onBeforeUnload);
    else window.removeEventListener('beforeunload', this.onBeforeUnload);
  }

  private onBeforeUnload = (e: BeforeUnloadEvent): void => {
    e.preventDefault();
    e.returnValue = ''; // browsers before preventDefault() was honoured here prompt only for this
  };

  /** `bytes / total` as a percentage in the element's language, rounded down (never "100%" too early). */
  private percent(bytes: number, total: number): string {
    return formatPercent(total ? Math.floor((bytes / total) * 100) / 100 : 0, this.locale);
  }

  /** `accept` for people: "video/*, .mp4". */
  private get acceptList(): string {
    return this.accept.split(',').map((t) => t.trim()).filter(Boolean).join(', ');
  }

  /** The merged strings: defaults overridden by `strings`. */
  private get text(): UploaderStrings {
    return { ...defaultStrings, ...this.strings };
  }

  /** The element's language (its own `lang`, else the nearest ancestor's), if Intl knows it. */
  private get locale(): string | undefined {
    const lang = this.lang || this.closest('[lang]')?.getAttribute('lang');
    try {
      return lang ? Intl.getCanonicalLocales(lang)[0] : undefined;
    } catch {
      return undefined;
    }
  }

  /** Announces politely; messages within one second are read together. */
  private announce(message: string): void {
    const now = Date.now();
    this.announcement = now - this.announcedAt < 1000 ? `${this.announcement} ${message}` : message;
    this.announcedAt = now;
  }

  private openPicker(): void {
    this.renderRoot.querySelector('input')?.click();
  }

  private onInput(e: Event): void {
    const input = e.target as HTMLInputElement;
    if (input.files?.length) this.addFiles(input.files);
    input.value = ''; // so choosing the same file again fires `change` again
  }

  private onDrag = (e: DragEvent): void => {
    if (!e.dataTransfer?.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    if (e.type === 'dragenter') this.dragDepth++;
    this.toggleAttribute('dragover', true);
  };

  private onDragLeave = (): void => {
    // dragenter/dragleave come in pairs as the pointer crosses child elements.
    if (--this.dragDepth <= 0) this.endDrag();
  };

  private onDrop = (e: DragEvent): void => {
    if (!e.dataTransfer?.files.length) return;
    e.preventDefault();
    this.endDrag();
    this.addFiles(e.dataTransfer.files);
  };

  private endDrag(): void {
    this.dragDepth = 0;
    this.removeAttribute('dragover');
  }

  private onPaste = (e: ClipboardEvent): void => {
    const files = e.clipboardData?.files;
    if (!files?.length) return;
    e.preventDefault();
    this.addFiles(files);
  };
}
