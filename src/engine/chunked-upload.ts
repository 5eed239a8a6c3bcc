// The headless upload engine's facade: one file into one Kaltura media entry, with pause / resume /
// cancel and typed events. The work is done by the rooms beside it: options (defaults, checks),
// the request loop (retries, KS refresh, offline), the chunk transfer, the resume session, entry
// creation and the progress meter; this class runs them in order and owns the status.
// No DOM UI: it needs only Blob, XMLHttpRequest and timers. A source that is not a Blob (a
// ReadableStream, a recording in progress) loads the stream room with import(): an app that
// uploads only Files never does.
import { UploadError, toUploadError } from '../errors.js';
import { TokenStatus, type KalturaUploadToken } from '../kaltura/types.js';
import { callKaltura, callKalturaForm } from '../kaltura/client.js';
import { addUploadToken, deleteEntry, deleteUploadToken, getUploadToken } from '../kaltura/upload-api.js';
import { blobSource } from './chunk-plan.js';
import { ChunkTransfer, bytesHeld } from './chunk-transfer.js';
import { attachedEntry, entryFields, entryWithToken, type MadeEntry } from './entry-creation.js';
import type { InterruptedUpload } from './interrupted-uploads.js';
import { KsSession } from './ks-session.js';
import { callContext, resolveOptions, type ChunkedUploadOptions, type ResolvedOptions } from './options.js';
import { ProgressMeter, type UploadProgressDetail } from './progress-meter.js';
import { request, type RequestHost } from './request-loop.js';
import type { ResumeSession } from './resume-session.js';
import { remedyFor } from './retry-policy.js';
import { RunControl } from './run-control.js';
import { chunkEnd } from './transfer-plan.js';
import { sleep } from './waits.js';
import type { StreamSource } from './stream/stream-source.js';
import type { UploadResult, UploadState, UploadStateDetail, UploadStatus } from './upload-status.js';

export { DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, type ChunkedUploadOptions, type KsSource } from './options.js';
export type { UploadProgressDetail } from './progress-meter.js';
export type { UploadResult, UploadState, UploadStateDetail, UploadStatus } from './upload-status.js';
export type { InterruptedUpload } from './interrupted-uploads.js';

/**
 * What `ChunkedUpload` uploads: a File or Blob; a ReadableStream of `Uint8Array` or `Blob` pieces
 * of unknown length (a recording in progress: `fileName` is then required); or an interrupted
 * stream upload as `listInterruptedUploads()` lists it (`stream: true`), finished from browser storage.
 */
export type UploadSource = Blob | ReadableStream<Uint8Array | Blob> | InterruptedUpload;

export interface ChunkedUploadEventMap {
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<UploadStateDetail>;
}

/** Answers to a remembered token that mean "begin again with a new one". */
const START_OVER_CODES = ['UPLOAD_TOKEN_NOT_FOUND', 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED', 'UPLOAD_TOKEN_CANNOT_RESUME'];
const MiB = 1024 * 1024;
const cancelledError = (cause?: unknown) => new UploadError('CANCELLED', 'The upload was cancelled', { cause });

export interface ChunkedUpload {
  addEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Uploads one File or Blob (or a stream: see `UploadSource`) to Kaltura and creates a media entry for it.
 *
 * @example
 * const upload = new ChunkedUpload(file, { serviceUrl: 'https://www.kaltura.com', ks: getKs });
 * upload.addEventListener('progress', (e) => bar.value = e.detail.bytesConfirmed / e.detail.bytesTotal);
 * const { entryId } = await upload.start();
 */
export class ChunkedUpload extends EventTarget {
  readonly file: UploadSource;
  readonly options: ChunkedUploadOptions;
  /** The bytes: the Blob itself, or (once `start()` opened it) the stream's source. */
  #file: Blob | StreamSource;
  #status: UploadStatus = { state: 'idle' };
  /** Where a retry or a resume goes back to. */
  #phase: 'uploading' | 'finalizing' = 'uploading';
  #running?: Promise<UploadResult>;
  readonly #control = new RunControl();
  readonly #meter: ProgressMeter;
  /** Set once `start()` checked the options. */
  #resolved?: ResolvedOptions;
  #ks?: KsSession;
  #transfer?: ChunkTransfer;
  #resume?: ResumeSession;
  #token?: KalturaUploadToken;
  #resumedFrom = 0;
  /** With attachFirst: the entry made before the bytes. */
  #attached?: MadeEntry;
  /** A file of one chunk: the entry made in the request that took its bytes (small-file.ts). */
  #made?: MadeEntry;
  /** Set by cancel(): settles once the token is deleted. */
  #cancelled?: Promise<void>;

  constructor(file: UploadSource, options: ChunkedUploadOptions) {
    super();
    this.file = file;
    this.options = options;
    // A stream's source comes with start(); until then it is the stream, of no size.
    this.#file = file as Blob;
    this.#meter = new ProgressMeter(() => this.#file.size || 0, (detail) => {
      if (this.#status.state !== 'complete') this.dispatchEvent(new CustomEvent('progress', { detail }));
    });
  }

  get state(): UploadState {
    return this.#status.state;
  }

  /** The state with what belongs to it (a retry's attempt and delay, an error, the result). */
  get status(): UploadStatus {
    return this.#status;
  }

  /** Bytes sent and confirmed so far. */
  get progress(): UploadProgressDetail {
    return this.#meter.detail;
  }

  /**
   * Bytes the server already held when this upload continued a remembered one (`resumeStore`),
   * else 0; progress starts there. A UI can say "resuming from N%".
   */
  get resumedFrom(): number {
    return this.#resumedFrom;
  }

  /** The upload token once `uploadToken.add` answered. */
  get uploadTokenId(): string | undefined {
    return this.#token?.id;
  }

  /** Runs the upload; calling it again returns the same promise. */
  start(): Promise<UploadResult> {
    return (this.#running ??= this.#run());
  }

  /** Aborts the requests in flight and sends nothing until `resume()`. */
  pause(): void {
    // Not while finalizing: aborting media.add half-way could leave a second entry on retry.
    const { state } = this.#status;
    if (state !== 'uploading' && state !== 'retrying') return;
    // Without a token yet there is nothing to ask the server: uploadToken.add is simply sent again.
    this.#transfer?.checkAfterPause();
    this.#control.pause();
    this.#setStatus({ state: 'paused' });
  }

  /** Asks the server where the upload stands (uploadToken.get) and continues from there. */
  resume(): void {
    if (this.#status.state === 'paused' && this.#control.resume()) this.#setStatus({ state: this.#phase });
  }

  /**
   * Aborts everything, deletes the upload token and rejects `start()` with `CANCELLED`.
   * The returned promise settles once the token was deleted (or that failed three times).
   */
  cancel(): Promise<void> {
    if (this.#cancelled) return this.#cancelled;
    const { state } = this.#status;
    if (state === 'complete' || state === 'error') return Promise.resolve();
    this.#control.stop(cancelledError());
    this.#meter.stop();
    void this.#resume?.forget();
    const tokenId = this.#token?.id;
    const ks = this.#ks!;
    // A delete that fails on the way (a 5xx, a dropped connection, a KS that expired meanwhile) is
    // tried twice more, a second apart or with a new KS: a cancelled upload leaves no token behind.
    const remove = (tries: number, ctx = callContext(this.#resolved!, ks.current, new AbortController().signal)): Promise<void> =>
      deleteUploadToken(ctx, tokenId!).then(() => undefined, (e) => {
        const remedy = remedyFor(toUploadError(e), ks.refreshable);
        return tries && remedy != 'fail' ? (remedy == 'retry' ? sleep(1000, ctx.signal) : ks.replace(ctx.ks)).then(() => remove(tries - 1), () => undefined) : undefined;
      });
    this.#cancelled = tokenId ? remove(2) : Promise.resolve();
    if (!this.#running) this.#setStatus({ state: 'cancelled' });
    return this.#cancelled;
  }

  async #run(): Promise<UploadResult> {
    const { file } = this;
    try {
      // A stream: its bytes as a source, once its first byte is read (the UploadError class goes
      // along, so the lazy chunk shares no module with this one).
      if (!(file instanceof Blob)) this.#file = await (await import('./stream/stream-upload.js')).openSource(file, this.options, () => this.#reportProgress(), UploadError);
      if (this.#cancelled) throw cancelledError();
      const options = (this.#resolved = resolveOptions(this.#file, this.options));
      const host = this.#host(options);
      // Resuming has a room of its own, loaded only with a resume store (a chunk that fails to
      // load means no resuming, as a failing store does: the upload goes on). With a store,
      // 'uploading' waits for the lookup so it can say where it resumes from.
      const store = options.resumeStore;
      if (store) this.#resume = await import('./resume-session.js').then((m) => new m.ResumeSession(store, this.#file, options), () => undefined);
      else this.#setStatus({ state: 'uploading' });
      await host.ks.load();
      const resumed = await this.#continueRemembered(host);
      this.#setStatus(resumed ? { state: 'uploading', resumedFrom: this.#resumedFrom } : { state: 'uploading' });
      if (this.#resumedFrom) this.#reportProgress(true);
      if (!resumed) await this.#begin(host);
      if (resumed || !(await this.#oneRequest(host))) await this.#sendAll(host, resumed);
      // The 100% a throttled progress event still owes comes before 'finalizing'; a pause it
      // (or the last chunk's answer) brought holds here until resume(), also one that came while
      // the gate was letting us through (else the upload would wait, paused, in 'finalizing').
      if (this.#meter.owed) this.#reportProgress(true);
      do await this.#control.gate();
      while (this.#status.state === 'paused');
      this.#phase = 'finalizing';
      this.#setStatus({ state: 'finalizing' });
      const tokenId = this.#token!.id;
      // Attach-first: the final chunk's answer (CLOSED) says the entry got the file; else the
      // entry is made now, and addContent's answer says so.
      const made = this.#attached ?? (await this.#entry(host));
      const closed = this.#attached ? this.#transfer!.finalToken?.status === TokenStatus.CLOSED : !!made.entry;
      // Every answer that gave it names the entry (upload-api.ts checks).
      const entry = await attachedEntry(host, tokenId, made, closed);
      await this.#resume?.forget();
      await (this.#file as StreamSource).forget?.();
      this.#reportProgress(true);
      const result: UploadResult = { entryId: entry.id, uploadTokenId: tokenId, entry };
      this.#setStatus({ state: 'complete', result });
      return result;
    } catch (e) {
      this.#meter.stop();
      if (this.#cancelled) {
        // A stream stops being read, and what is stored of it goes.
        void (this.#file as StreamSource).forget?.();
        await this.#cancelled;
        this.#setStatus({ state: 'cancelled' });
        throw cancelledError(e);
      }
      const error = this.#control.stopped ?? toUploadError(e);
      this.#control.stop(error);
      this.#setStatus({ state: 'error', error });
      throw error;
    }
  }

  /** Wires the request loop and the transfer to this upload's status, progress and resume record. */
  #host(options: ResolvedOptions): RequestHost {
    const host: RequestHost = {
      options,
      ks: (this.#ks = new KsSession(options.ks)),
      control: this.#control,
      beforeAttempt: () => transfer.beforeAttempt(),
      progressMark: () => transfer.doneCount,
      retrying: (status) => {
        if (status) this.#setStatus(status);
        else if (this.#status.state === 'retrying') this.#setStatus({ state: this.#phase });
      },
    };
    const file = this.#file;
    const transfer = (this.#transfer = new ChunkTransfer(file instanceof Blob ? blobSource(file) : file, options.fileName, host, {
      progress: () => this.#reportProgress(),
      confirmed: (bytes) => this.#resume?.progressed(bytes),
    }));
    return host;
  }

  /**
   * Looks the file up in the resume store and asks the server (uploadToken.get) where that upload
   * stands. True when this upload continues the remembered token; chunks the server holds count as
   * done. A record whose token is gone (or no longer takes bytes) is dropped.
   */
  async #continueRemembered(host: RequestHost): Promise<boolean> {
    const resume = this.#resume;
    const record = await resume?.lookup();
    if (!record) return false;
    if (record.entryId) this.#attached = { id: record.entryId };
    let token: KalturaUploadToken | undefined;
    try {
      token = await request(host, (ctx) => getUploadToken(ctx, record.uploadTokenId));
    } catch (e) {
      const error = toUploadError(e);
      // Only "this token is no use" starts over; a dead network or a bad KS fails as usual.
      if (this.#cancelled || error.retryable || ['INVALID_KS', 'CANCELLED', 'PAUSED'].includes(error.code)) throw e;
    }
    const status = token?.status;
    // PENDING, PARTIAL_UPLOAD, FULL_UPLOAD; CLOSED only when it went into our attach-first entry.
    const usable = status! <= TokenStatus.FULL_UPLOAD || (status === TokenStatus.CLOSED && !!record.entryId);
    if (!usable) {
      await resume!.forget();
      await this.#dropEntry(host);
      return false;
    }
    this.#take(token!);
    const transfer = this.#transfer!;
    // A fresh plan from what the server holds: chunk boundaries need not match the earlier ones.
    transfer.begin(record.uploadTokenId, bytesHeld(token!, this.#file.size));
    if (status === TokenStatus.CLOSED) transfer.finalToken = token;
    this.#resumedFrom = transfer.confirmed;
    // Attach-first, interrupted before its entry was made: make it now.
    if (host.options.attachFirst && !record.entryId) await this.#attach(host);
    return true;
  }

  /** A new upload token, remembered in the resume store; with attachFirst, then its entry. */
  async #begin(host: RequestHost): Promise<void> {
    const { options } = host;
    const file = this.#file;
    // A stream's size is known only at its end: its token gets none (Kaltura needs one only for autoFinalize).
    this.#take(await request(host, (ctx) => addUploadToken(ctx, options.fileName, (file as Blob).slice && file.size)));
    const tokenId = this.#token!.id;
    this.#transfer!.begin(tokenId);
    if (this.#cancelled) return;
    // The first chunk's size, for the record (resuming plans afresh from the server's offset).
    await this.#resume?.remember({ uploadTokenId: tokenId, chunkSize: chunkEnd(0, file.size, 0, options) });
    if (options.attachFirst) await this.#attach(host);
  }

  /** Attach-first: the entry, made and given the token before the bytes, remembered with the token. */
  async #attach(host: RequestHost): Promise<void> {
    this.#attached = await this.#entry(host);
    await this.#resume?.attached(this.#attached.id);
  }

  /** The entry for the token, with its file (see entryWithToken). */
  async #entry(host: RequestHost): Promise<MadeEntry> {
    const { options } = host;
    return this.#made ?? entryWithToken(host, this.#token!, entryFields(this.#file, options.fileName, options.entry));
  }

  /**
   * A File of one chunk (chunks sized by the engine: a fixed `chunkSize` means exactly those
   * uploadToken.upload calls): its bytes and its entry in one request (small-file.ts, loaded on
   * first use). True once the bytes are in; false sends them the usual way.
   */
  async #oneRequest(host: RequestHost): Promise<boolean> {
    const { options } = host;
    const file = this.#file;
    const tokenId = this.#token!.id;
    // (Under 2 MiB, engine-sized chunks are one: transfer-plan.ts. The module is handed what it
    // calls, so it shares no module with this one.)
    const made = file instanceof Blob && file.size < 2 * MiB && !options.attachFirst && !options.uploadUrl && !options.chunkSize &&
      (await import('./small-file.js').then((m) => m.sendWithEntry(host, tokenId, file, options.fileName, entryFields(file, options.fileName, options.entry), { request, callKaltura, callKalturaForm, UploadError }), () => false));
    if (made) this.#transfer!.begin(tokenId, file.size);
    if (made && made !== true) this.#made = made;
    return !!made;
  }


  /** The token this upload goes on with; its `uploadUrl` becomes the chunks' host when asked for. */
  #take(token: KalturaUploadToken): void {
    this.#token = token;
    const options = this.#resolved!;
    options.uploadUrl = options.useUploadUrl ? token.uploadUrl : undefined;
  }

  /** Deletes the attach-first entry of a token that can no longer fill it (best effort): it would stay in IMPORT for ever. */
  async #dropEntry(host: RequestHost): Promise<void> {
    const id = this.#attached?.id;
    this.#attached = undefined;
    if (id) await request(host, (ctx) => deleteEntry(ctx, id)).catch(() => {});
  }

  /** Sends the bytes; a remembered token the server no longer takes is replaced, once, by a new one. */
  async #sendAll(host: RequestHost, resumed: boolean): Promise<void> {
    const transfer = this.#transfer!;
    try {
      await transfer.send();
    } catch (e) {
      if (!resumed || this.#cancelled || !START_OVER_CODES.includes(toUploadError(e).code)) throw e;
      // Forget the remembered token and everything counted from it, then begin with a new one.
      await this.#resume?.forget();
      this.#control.restart();
      transfer.reset();
      this.#resumedFrom = 0;
      await this.#dropEntry(host);
      this.#token = undefined;
      this.#meter.reset();
      this.#reportProgress(true);
      await this.#begin(host);
      await transfer.send();
    }
  }

  #reportProgress(force?: boolean): void {
    const transfer = this.#transfer;
    this.#meter.update(transfer?.confirmed ?? 0, transfer?.sent ?? 0, force);
  }

  #setStatus(status: UploadStatus): void {
    const previous = this.#status.state;
    if (previous === status.state && status.state !== 'retrying') return;
    this.#status = status;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { ...status, previous } }));
  }
}
