// The headless upload engine's facade: one file into one Kaltura media entry, with pause / resume /
// cancel and typed events. The work is done by the rooms beside it: options (defaults, checks),
// the request loop (retries, KS refresh, offline), the chunk transfer, the resume session, entry
// creation and the progress meter; this class runs them in order. Its status and what may be sent
// are one state machine (upload-machine.ts, docs/engine-states.md).
// No DOM UI: it needs only Blob, XMLHttpRequest and timers. A source that is not a Blob (a
// ReadableStream, a recording in progress) loads the stream room with import(): an app that
// uploads only Files never does.
import { UploadError, toUploadError } from '../errors.js';
import { apiException, callKaltura, callKalturaForm, uploadChunk, type CallContext } from '../kaltura/client.js';
import { TokenStatus, type KalturaUploadToken } from '../kaltura/types.js';
import { addUploadToken, attachedEntryId, deleteEntry, deleteUploadToken, getUploadToken } from '../kaltura/upload-api.js';
import { blobSource } from './chunk-plan.js';
import { ChunkTransfer, bytesHeld } from './chunk-transfer.js';
import { attachedEntry, entryFields, entryWithToken, type MadeEntry } from './entry-creation.js';
import type { InterruptedUpload } from './interrupted-uploads.js';
import type { LostAdds } from './lost-tokens.js';
import { KsSession } from './ks-session.js';
import { callContext, resolveOptions, type ChunkedUploadOptions, type ResolvedOptions } from './options.js';
import { ProgressMeter, type UploadProgressDetail } from './progress-meter.js';
import { request, type RequestHost } from './request-loop.js';
import type { ResumeSession, ResumingUpload } from './resume-session.js';
import { chunkEnd } from './transfer-plan.js';
import { UploadMachine } from './upload-machine.js';
import { droppedFields } from './dropped-fields.js';
import { sleep } from './waits.js';
import type { StreamSource } from './stream/stream-source.js';
import type { UploadResult, UploadState, UploadStateDetail, UploadStatus } from './upload-status.js';
import type { PrepareEntryOptions } from './workflows/prepare-entry.js';
import type { ReplacementDetail } from './workflows/replace-media.js';
import type { ReplaceDecisionOptions } from './workflows/replace-decisions.js';
import type { ReplaceableEntry } from '../kaltura/media-api.js';

export { DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, type ChunkedUploadOptions, type KsSource } from './options.js';
export type { UploadProgressDetail } from './progress-meter.js';
export type { ReplacementOutcome, UploadResult, UploadState, UploadStateDetail, UploadStatus } from './upload-status.js';
export type { PrepareEntryOptions } from './workflows/prepare-entry.js';
export type { ReplacementDetail } from './workflows/replace-media.js';
export type { InterruptedUpload } from './interrupted-uploads.js';

/**
 * What `ChunkedUpload` uploads: a File or Blob; a ReadableStream of `Uint8Array` or `Blob` pieces
 * of unknown length (a recording in progress: `fileName` is then required); or an interrupted
 * stream upload as `listInterruptedUploads()` lists it (`stream: true`), finished from browser storage;
 * or a `URL` (http/https) that Kaltura imports itself, no bytes through the browser.
 */
export type UploadSource = Blob | ReadableStream<Uint8Array | Blob> | InterruptedUpload | URL;

export interface ChunkedUploadEventMap {
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<UploadStateDetail>;
  /** With `replaceEntryId`: the entry's replacementStatus changed (as read while following it). */
  replacement: CustomEvent<ReplacementDetail>;
}

const MiB = 1024 * 1024;
const cancelledError = (cause?: unknown) => new UploadError('CANCELLED', 'The upload was cancelled', { cause });
/**
 * Replacing media, importing a link, preparing an entry: a chunk of its own, loaded only by those,
 * given the engine parts it uses (it imports none: a shared module would cost this bundle more).
 */
const workflows = () => import('./workflows/workflows.js').then((m) => m.workflows([request, callKaltura, callContext, resolveOptions, sleep, UploadError, KsSession, UploadMachine]));

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
  /** Where a retry goes back to. */
  #phase: 'uploading' | 'finalizing' = 'uploading';
  #running?: Promise<UploadResult>;
  readonly #control = new UploadMachine((status, previous) => this.dispatchEvent(new CustomEvent('statechange', { detail: { ...status, previous } })));
  readonly #meter: ProgressMeter;
  /** Set once `start()` checked the options. */
  #resolved?: ResolvedOptions;
  #requestHost?: RequestHost;
  #transfer?: ChunkTransfer;
  #resume?: ResumeSession;
  #token?: KalturaUploadToken;
  #resumedFrom = 0;
  /** With attachFirst: the entry made before the bytes. */
  #attached?: MadeEntry;
  /** A file of one chunk: the entry made in the request that took its bytes (small-file.ts). */
  #oneMade?: MadeEntry;
  /** The entry this upload made (either mode): a cancel deletes it. */
  #made?: string;
  /** Tries of uploadToken.add whose answer never came: each may have made a token (lost-tokens.ts). */
  #lostAdds?: LostAdds;
  /** Set by cancel(): settles once what this upload made is deleted. */
  #cancelled?: Promise<void>;
  #cleaned?: () => void;

  constructor(file: UploadSource, options: ChunkedUploadOptions) {
    super();
    this.file = file;
    this.options = options;
    // A stream's source comes with start(); until then it is the stream, of no size.
    this.#file = file as Blob;
    this.#meter = new ProgressMeter(() => this.#file.size || 0, (detail) => {
      if (this.state != 'complete') this.dispatchEvent(new CustomEvent('progress', { detail }));
    });
  }

  get state(): UploadState {
    return this.#control.status.state;
  }

  /** The state with what belongs to it (a retry's attempt and delay, an error, the result). */
  get status(): UploadStatus {
    return this.#control.status;
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

  /**
   * Makes an entry without content (status 7 NO_CONTENT) and resolves with it; an upload with
   * `replaceEntryId` fills it later.
   */
  static prepareEntry(options: PrepareEntryOptions): Promise<ReplaceableEntry> {
    return workflows().then((m) => m.prepareEntry(options));
  }

  /**
   * Lets a replacement that waits for approval (READY_BUT_NOT_APPROVED) finish: `media.approveReplace`.
   * Needs a KS whose role has CONTENT_INGEST_REPLACE (an ADMIN KS, say): a plain USER KS gets `SERVICE_FORBIDDEN`.
   */
  static approveReplace(entryId: string, options: ReplaceDecisionOptions): Promise<ReplaceableEntry> {
    return workflows().then((m) => m.decide('approveReplace', entryId, options));
  }

  /** Calls a replacement off (`media.cancelReplace`): the entry keeps its old media. The same KS rule as approveReplace. */
  static cancelReplace(entryId: string, options: ReplaceDecisionOptions): Promise<ReplaceableEntry> {
    return workflows().then((m) => m.decide('cancelReplace', entryId, options));
  }

  /** Runs the upload; calling it again returns the same promise. */
  start(): Promise<UploadResult> {
    return (this.#running ??= this.#run());
  }

  /**
   * Aborts the requests in flight and sends nothing until `resume()`: in any state before
   * `finalizing`, `idle` included (while the KS, the fingerprint or the resume lookup is pending).
   */
  pause(): void {
    // Without a token yet there is nothing to ask the server afterwards.
    if (this.#control.pause()) this.#transfer?.checkAfterPause();
  }

  /** Asks the server where the upload stands (uploadToken.get) and continues from there. */
  resume(): void {
    this.#control.resume();
  }

  /**
   * Aborts everything, deletes what this upload made (its token, its entry) and rejects `start()`
   * with `CANCELLED`; the state is `cancelled` at once. A call already out that makes something
   * (uploadToken.add, the entry) is let finish, so what it made is known and deleted too. The
   * returned promise settles once that is done (each delete tried three times).
   */
  cancel(): Promise<void> {
    if (this.#cancelled) return this.#cancelled;
    const { state } = this.status;
    if (state == 'complete' || state == 'error') return Promise.resolve();
    this.#meter.stop();
    void this.#resume?.forget();
    this.#control.halt(cancelledError(), { state: 'cancelled' });
    return (this.#cancelled = this.#running ? new Promise((resolve) => (this.#cleaned = resolve)) : Promise.resolve());
  }

  async #run(): Promise<UploadResult> {
    const { file } = this;
    const control = this.#control;
    try {
      // A link: Kaltura imports it, no bytes here.
      if (file instanceof URL) return await (await workflows()).importUrl(file, this.options, control);
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
      // It continues a remembered token and starts over with the engine's functions it is handed.
      if (store) this.#resume = await import('./resume-session.js').then((m) => new m.ResumeSession(store, this.#file, options, [request, getUploadToken, deleteEntry, toUploadError, bytesHeld]), () => undefined);
      else control.set({ state: 'uploading' });
      // Through the request loop: a provider's hiccup is retried with its backoff.
      await request(host, () => host.ks.load(), undefined, true);
      const resuming = this.#resuming(host);
      const resumed = !!(await this.#resume?.reopen(host, resuming));
      // Attach-first, interrupted before its entry was made: make it now.
      if (resumed && host.options.attachFirst && !this.#attached) await this.#attach(host);
      this.#resumedFrom = this.#transfer!.confirmed;
      control.set(resumed ? { state: 'uploading', resumedFrom: this.#resumedFrom } : { state: 'uploading' });
      if (this.#resumedFrom) this.#reportProgress(true);
      if (!resumed) await this.#begin(host);
      if (resumed) await this.#resume!.send(host, resuming);
      else if (!(await this.#oneRequest(host))) await this.#transfer!.send();
      // The 100% a throttled progress event still owes comes before 'finalizing'; a pause it
      // (or the last chunk's answer) brought holds here until resume(). The gate waits on the
      // machine's own promise while paused (one source of truth: no spinning).
      if (this.#meter.owed) this.#reportProgress(true);
      do await control.gate();
      while (this.state == 'paused');
      this.#phase = 'finalizing';
      control.set({ state: 'finalizing' });
      const tokenId = this.#token!.id;
      // Attach-first: the final chunk's answer (CLOSED) says the entry got the file; else the
      // entry is made now, and addContent's answer says so.
      const made = this.#attached ?? (await this.#entry(host));
      const closed = this.#attached ? this.#transfer!.finalToken?.status === TokenStatus.CLOSED : !!made.entry;
      // Every answer that gave it names the entry (upload-api.ts checks).
      const entry = await attachedEntry(host, tokenId, made, closed);
      await this.#resume?.forget();
      await (this.#file as StreamSource).forget?.();
      await this.#deleteLostTokens(host);
      // Cancelled meanwhile: the entry goes too (the catch).
      await control.gate();
      this.#reportProgress(true);
      const result: UploadResult = { entryId: entry.id, uploadTokenId: tokenId, entry, droppedFields: droppedFields(this.#fields, entry), replacement: made.replacement };
      // Captions, attachments, categories, custom metadata: a chunk of their own, given the engine's functions (enrichment-kit.ts).
      const o = this.options;
      if (o.captions || o.attachments || o.categoryIds || o.customMetadata) await (await import('./enrichment/enrich.js')).enrich(host, result, [request, callKaltura, uploadChunk, apiException, UploadError, toUploadError]);
      control.set({ state: 'complete', result });
      return result;
    } catch (e) {
      this.#meter.stop();
      if (this.#cancelled) {
        // A stream stops being read, and what is stored of it goes.
        void (this.#file as StreamSource).forget?.();
        await this.#cleanUp();
        this.#cleaned?.();
        throw cancelledError(e);
      }
      const error = control.stopped ?? toUploadError(e);
      control.halt(error, { state: 'error', error });
      throw error;
    } finally {
      this.#resume?.release(); // the resume key is free for another upload (upload-lock.ts)
    }
  }

  /**
   * After a cancel, once nothing is in flight: deletes the entry this upload made and its token,
   * through the request loop (its retries, a new KS) on a machine of their own (this one is
   * cancelled). An entry whose answer was lost is found through the token (it names what it went
   * into). Deleted is only what this upload provably made.
   */
  async #cleanUp(): Promise<void> {
    const tokenId = this.#token?.id;
    if (!tokenId) return;
    const host = { ...this.#requestHost!, control: new UploadMachine() };
    const call = <T>(send: (ctx: CallContext) => Promise<T>) => request(host, send, undefined, true).catch(() => undefined);
    // A replaced entry is not ours (replace-media.ts calls its replacement off instead).
    const o = this.#resolved!;
    const entryId = this.#made ?? (!o.replaceEntryId && (this.#phase == 'finalizing' || o.attachFirst) ? await call(async (ctx) => attachedEntryId(ctx, await getUploadToken(ctx, tokenId))) : undefined);
    if (entryId) await call((ctx) => deleteEntry(ctx, entryId));
    await call((ctx) => deleteUploadToken(ctx, tokenId));
    await this.#deleteLostTokens(host);
  }

  /** After a lost uploadToken.add answer: the tokens those tries made (lost-tokens.ts, loaded then only). */
  #deleteLostTokens(host: RequestHost): Promise<void> | undefined {
    const lost = this.#lostAdds;
    return lost && import('./lost-tokens.js').then((m) => m.deleteLostTokens(host, this.#token!, this.#file, lost, [request, callKaltura, deleteUploadToken]), () => {});
  }

  /** Wires the request loop and the transfer to this upload's status, progress and resume record. */
  #host(options: ResolvedOptions): RequestHost {
    const host: RequestHost = (this.#requestHost = {
      options,
      ks: new KsSession(options.ks),
      control: this.#control,
      beforeAttempt: () => transfer.beforeAttempt(),
      progressMark: () => transfer.doneCount,
      // The wait is over: back to the phase (remembered for resume() while paused).
      retrying: (status) => this.#control.set(status ?? { state: this.#phase }),
    });
    const file = this.#file;
    const transfer = (this.#transfer = new ChunkTransfer(file instanceof Blob ? blobSource(file) : file, options.fileName, host, {
      progress: () => this.#reportProgress(),
      confirmed: (bytes) => this.#resume?.progressed(bytes),
    }));
    return host;
  }

  /** What the resume room (resume-session.ts) changes here when it continues a remembered token or starts over. */
  #resuming(host: RequestHost): ResumingUpload {
    return {
      transfer: this.#transfer!,
      cancelled: () => this.#cancelled,
      entry: (id) => {
        const had = this.#attached?.id;
        this.#attached = id ? { id: (this.#made = id) } : (this.#made = undefined);
        return had;
      },
      take: (token) => this.#take(token),
      restart: () => {
        this.#control.restart();
        this.#transfer!.reset();
        this.#resumedFrom = 0;
        this.#token = undefined;
        this.#meter.reset();
        this.#reportProgress(true);
      },
      begin: () => this.#begin(host),
    };
  }

  /** A new upload token, remembered in the resume store; with attachFirst, then its entry. */
  async #begin(host: RequestHost): Promise<void> {
    const { options } = host;
    const file = this.#file;
    // A stream's size is known only at its end: its token gets none (Kaltura needs one only for autoFinalize).
    // Each try but the last may have made a token whose answer was lost (lost-tokens.ts).
    let tries = -1;
    const sentAt = Date.now();
    this.#take(await request(host, (ctx) => (tries++, addUploadToken(ctx, options.fileName, (file as Blob).slice && file.size))));
    if (tries) this.#lostAdds = [tries, Date.now() - sentAt];
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

  /**
   * The entry for the token, with its file (see entryWithToken); or the entry whose media it
   * replaces (not made here: never `#made`, never deleted).
   */
  async #entry(host: RequestHost): Promise<MadeEntry> {
    const target = host.options.replaceEntryId;
    if (target) return (await workflows()).replaceMedia(host, this.#token!, target, this);
    const made = this.#oneMade ?? (await entryWithToken(host, this.#token!, this.#fields));
    this.#made = made.id;
    return made;
  }

  /** What media.add is asked for. */
  get #fields() {
    const options = this.#resolved!;
    return entryFields(this.#file, options.fileName, options.entry);
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
    const made = file instanceof Blob && file.size < 2 * MiB && !options.attachFirst && !options.uploadUrl && !options.chunkSize && !options.replaceEntryId &&
      (await import('./small-file.js').then((m) => m.sendWithEntry(host, tokenId, file, options.fileName, this.#fields, [request, callKaltura, callKalturaForm, attachedEntryId, UploadError]), () => false));
    if (made) this.#transfer!.begin(tokenId, file.size);
    // (#entry takes it from here, and a cancel then deletes it as any entry this upload made.)
    if (made && made !== true) this.#oneMade = made;
    return !!made;
  }


  /** The token this upload goes on with; its `uploadUrl` becomes the chunks' host when asked for. */
  #take(token: KalturaUploadToken): void {
    this.#token = token;
    const options = this.#resolved!;
    options.uploadUrl = options.useUploadUrl ? token.uploadUrl : undefined;
  }

  #reportProgress(force?: boolean): void {
    const transfer = this.#transfer;
    this.#meter.update(transfer?.confirmed ?? 0, transfer?.sent ?? 0, force);
  }
}
