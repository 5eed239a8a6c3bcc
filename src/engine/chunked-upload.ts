// The headless upload engine: one file, Kaltura's parallel chunk protocol, pause / resume /
// cancel, retries and typed events. No DOM UI; it only needs Blob, fetch, XMLHttpRequest, timers.
import { UploadError, isUploadError } from '../errors.js';
import { uploadChunk, type CallContext } from '../kaltura/client.js';
import type { EntryFields, KalturaMediaEntry } from '../kaltura/types.js';
import { addContent, addUploadToken, createEntry, deleteUploadToken, getUploadToken, mediaTypeOf } from '../kaltura/upload-api.js';
import { planChunks, type Chunk } from './chunk-plan.js';
import { defaultRetry, remedyFor, retryDelay, type RetryOptions } from './retry-policy.js';

export type UploadState = 'idle' | 'uploading' | 'paused' | 'retrying' | 'finalizing' | 'complete' | 'error' | 'cancelled';

export type KsSource = string | (() => string | Promise<string>);

export interface ChunkedUploadOptions {
  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com`. Required. */
  serviceUrl: string;
  /**
   * The Kaltura Session, or a function that returns one. A function is called again (once, for
   * all chunks in flight) when the server answers `INVALID_KS`, and the failed request is replayed.
   */
  ks: KsSource;
  /** Partner id, sent with every call when given. */
  partnerId?: number;
  /** Bytes per chunk. @default 16 MiB */
  chunkSize?: number;
  /** Chunk requests in flight at once (the first and the final chunk always go alone). @default 4 */
  concurrency?: number;
  /** Fields for `media.add`; `name` defaults to the file name. */
  entry?: EntryFields;
  /** The file name; required when `file` is a Blob without a name. */
  fileName?: string;
  /** Refuse larger files with `FILE_TOO_LARGE` before any request. */
  maxFileSize?: number;
  /** Retry budget and backoff of each request. @default {retries: 8, minDelay: 500, maxDelay: 20000} */
  retry?: RetryOptions;
  /** A chunk request that shows no upload progress for this many ms is aborted and retried. @default 30000 */
  stallTimeout?: number;
  /** A request whose answer takes longer than this many ms (after its body was sent) is retried. @default 120000 */
  responseTimeout?: number;
  /** Free text Kaltura logs with each call. @default 'kaltura-chunked-upload' */
  clientTag?: string;
}

export interface UploadProgressDetail {
  /** Bytes handed to the network (XHR upload progress); never moves backwards. */
  bytesSent: number;
  /** Bytes of chunks the server answered for; never moves backwards. */
  bytesConfirmed: number;
  bytesTotal: number;
}

export interface UploadStateDetail {
  state: UploadState;
  previous: UploadState;
  /** With `error` and `retrying`: what went wrong. */
  error?: UploadError;
  /** With `retrying`: the wait before the next attempt. */
  retryInMs?: number;
  /** With `retrying`: which retry this is (1-based). */
  attempt?: number;
}

export interface UploadResult {
  entryId: string;
  uploadTokenId: string;
  /** The entry as `media.addContent` returned it. */
  entry: KalturaMediaEntry;
}

export interface ChunkedUploadEventMap {
  progress: CustomEvent<UploadProgressDetail>;
  statechange: CustomEvent<UploadStateDetail>;
}

export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
export const DEFAULT_CONCURRENCY = 4;
const PROGRESS_INTERVAL_MS = 100;
const MAX_SIZE_MISMATCH_ROUNDS = 3;

export interface ChunkedUpload {
  addEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof ChunkedUploadEventMap>(type: K, listener: (event: ChunkedUploadEventMap[K]) => void, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Uploads one File or Blob to Kaltura and creates a media entry for it.
 *
 * @example
 * const upload = new ChunkedUpload(file, { serviceUrl: 'https://www.kaltura.com', ks: getKs });
 * upload.addEventListener('progress', (e) => bar.value = e.detail.bytesConfirmed / e.detail.bytesTotal);
 * const { entryId } = await upload.start();
 */
export class ChunkedUpload extends EventTarget {
  readonly file: Blob;
  readonly options: ChunkedUploadOptions;
  private _state: UploadState = 'idle';
  /** 'uploading' or 'finalizing': where a retry or a resume goes back to. */
  private phase: 'uploading' | 'finalizing' = 'uploading';
  private running?: Promise<UploadResult>;
  private chunks: Chunk[] = [];
  /** Chunks the server answered for, in this page's life or as reported by uploadToken.get. */
  private readonly acked = new Set<number>();
  /** Bytes sent so far of each chunk in flight. */
  private readonly inflight = new Map<number, number>();
  private confirmedBytes = 0;
  private sentHigh = 0;
  private confirmedHigh = 0;
  private lastProgressAt = 0;
  private progressTimer?: ReturnType<typeof setTimeout>;
  private tokenId?: string;
  private ks = '';
  private ksRefresh?: Promise<void>;
  /** Aborted by pause (and replaced), by cancel, or by a fatal error. */
  private controller = new AbortController();
  private pauseGate?: { promise: Promise<void>; open: () => void };
  private needsSync = false;
  private sync?: Promise<void>;
  private failure?: UploadError;
  private cancelled?: Promise<void>;

  constructor(file: Blob, options: ChunkedUploadOptions) {
    super();
    this.file = file;
    this.options = options;
  }

  get state(): UploadState {
    return this._state;
  }

  /** Bytes sent and confirmed so far. */
  get progress(): UploadProgressDetail {
    return { bytesSent: this.sentHigh, bytesConfirmed: this.confirmedHigh, bytesTotal: this.file.size };
  }

  /** The upload token once `uploadToken.add` answered. */
  get uploadTokenId(): string | undefined {
    return this.tokenId;
  }

  /** Runs the upload; calling it again returns the same promise. */
  start(): Promise<UploadResult> {
    return (this.running ??= this.run());
  }

  /** Aborts the requests in flight and sends nothing until `resume()`. */
  pause(): void {
    // Not while finalizing: aborting media.add half-way could leave a second entry on retry.
    if (this._state !== 'uploading' && this._state !== 'retrying') return;
    let open!: () => void;
    this.pauseGate = { promise: new Promise<void>((r) => (open = r)), open };
    this.needsSync = true;
    this.abortRequests(new UploadError('PAUSED', 'Paused'));
    this.setState('paused');
  }

  /** Asks the server where the upload stands (uploadToken.get) and continues from there. */
  resume(): void {
    const gate = this.pauseGate;
    if (this._state !== 'paused' || !gate) return;
    this.pauseGate = undefined;
    this.setState(this.phase);
    gate.open();
  }

  /**
   * Aborts everything, deletes the upload token and rejects `start()` with `CANCELLED`.
   * The returned promise settles once the token was deleted (or that failed).
   */
  cancel(): Promise<void> {
    if (this.cancelled) return this.cancelled;
    if (this._state === 'complete' || this._state === 'error') return Promise.resolve();
    const wasRunning = !!this.running;
    this.abortRequests(new UploadError('CANCELLED', 'The upload was cancelled'));
    this.pauseGate?.open();
    this.pauseGate = undefined;
    clearTimeout(this.progressTimer);
    const tokenId = this.tokenId;
    this.cancelled = tokenId
      ? deleteUploadToken(this.context(new AbortController().signal), tokenId).then(() => undefined, () => undefined)
      : Promise.resolve();
    if (!wasRunning) this.setState('cancelled');
    return this.cancelled;
  }

  private async run(): Promise<UploadResult> {
    try {
      if (this.cancelled) throw new UploadError('CANCELLED', 'The upload was cancelled');
      this.validate();
      this.setState('uploading');
      this.ks = await this.resolveKs();
      const fileName = this.fileName()!;
      const token = await this.request((ctx) => addUploadToken(ctx, fileName, this.file.size));
      this.tokenId = token.id;
      this.chunks = planChunks(this.file.size, this.options.chunkSize ?? DEFAULT_CHUNK_SIZE);
      await this.sendChunks();
      this.phase = 'finalizing';
      this.setState('finalizing');
      const entry = await this.createEntry(token.id, fileName);
      this.emitProgress(true);
      this.setState('complete');
      return { entryId: entry.id, uploadTokenId: token.id, entry };
    } catch (e) {
      clearTimeout(this.progressTimer);
      if (this.cancelled) {
        await this.cancelled;
        this.setState('cancelled');
        throw new UploadError('CANCELLED', 'The upload was cancelled', { cause: e });
      }
      const error = this.failure ?? toUploadError(e);
      this.abortRequests(error);
      this.setState('error', { error });
      throw error;
    }
  }

  private validate(): void {
    const o = this.options;
    const invalid = (message: string) => new UploadError('INVALID_OPTIONS', message);
    if (!o || typeof o.serviceUrl !== 'string' || !/^https?:\/\//.test(o.serviceUrl)) throw invalid('`serviceUrl` must be an http(s) URL, e.g. https://www.kaltura.com');
    if (!o.ks || (typeof o.ks !== 'string' && typeof o.ks !== 'function')) throw invalid('`ks` is required: a Kaltura Session string or a function returning one');
    if (!(this.file instanceof Blob)) throw invalid('`file` must be a File or Blob');
    if (!this.fileName()) throw invalid('`fileName` is required when the file is a Blob without a name');
    const positive = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) > 0);
    if (!positive(o.chunkSize)) throw invalid('`chunkSize` must be a positive whole number of bytes');
    if (!positive(o.concurrency)) throw invalid('`concurrency` must be a positive whole number');
    if (this.file.size === 0) throw new UploadError('EMPTY_FILE', `"${this.fileName()}" is empty`);
    if (o.maxFileSize != null && this.file.size > o.maxFileSize) {
      throw new UploadError('FILE_TOO_LARGE', `"${this.fileName()}" is ${this.file.size} bytes, more than the ${o.maxFileSize} allowed`);
    }
  }

  private fileName(): string | undefined {
    return this.options?.fileName || (this.file as File).name || undefined;
  }

  private async resolveKs(): Promise<string> {
    const source = this.options.ks;
    const ks = typeof source === 'function' ? await source() : source;
    if (!ks || typeof ks !== 'string') throw new UploadError('INVALID_OPTIONS', 'The `ks` function returned no KS');
    return ks;
  }

  /** First chunk alone (it creates the file), the middle ones in parallel, the final one last. */
  private async sendChunks(): Promise<void> {
    const [first, ...middle] = this.chunks;
    const last = middle.pop();
    for (let round = 1; ; round++) {
      await this.sendChunk(first, false, !last);
      await this.sendParallel(middle);
      if (!last) return;
      try {
        await this.sendChunk(last, true, true);
        return;
      } catch (e) {
        const code = toUploadError(e).code;
        if (code === 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE' && round < MAX_SIZE_MISMATCH_ROUNDS) {
          // Some chunk never reached the file: send again everything past what the server has.
          await this.syncWithServer(true);
          continue;
        }
        // A retried final whose first try did get through: the token says whether it is whole.
        if (code === 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD' && (await this.tokenIsWhole())) return;
        throw e;
      }
    }
  }

  private async sendParallel(chunks: Chunk[]): Promise<void> {
    const queue = chunks.filter((c) => !this.acked.has(c.index));
    const workers = Array.from({ length: Math.min(this.options.concurrency ?? DEFAULT_CONCURRENCY, queue.length) }, async () => {
      for (let chunk; (chunk = queue.shift()); ) await this.sendChunk(chunk, true, false);
    });
    try {
      await Promise.all(workers);
    } catch (e) {
      // One chunk failed for good: stop the others rather than let them run on unobserved.
      this.failure ??= toUploadError(e);
      this.abortRequests(this.failure);
      throw this.failure;
    }
  }

  private async sendChunk(chunk: Chunk, resume: boolean, finalChunk: boolean): Promise<void> {
    if (this.acked.has(chunk.index)) return;
    const data = this.file.slice(chunk.start, chunk.end);
    const timeouts = {
      stallTimeout: this.options.stallTimeout ?? 30_000,
      responseTimeout: this.options.responseTimeout ?? 120_000,
    };
    await this.request((ctx) => {
      this.inflight.set(chunk.index, 0);
      const request = {
        uploadTokenId: this.tokenId!, data, fileName: this.fileName()!, resume, finalChunk,
        // Never resume=true with resumeAt=0: Kaltura reads that as an old client's unchecked final.
        resumeAt: resume ? chunk.start : 0,
      };
      return uploadChunk(ctx, request, timeouts, (loaded) => {
        this.inflight.set(chunk.index, loaded);
        this.emitProgress();
      });
    }, () => this.acked.has(chunk.index));
    this.inflight.delete(chunk.index);
    this.ack(chunk);
  }

  private ack(chunk: Chunk): void {
    if (this.acked.has(chunk.index)) return;
    this.acked.add(chunk.index);
    this.confirmedBytes += chunk.end - chunk.start;
    this.emitProgress(true);
  }

  private async createEntry(tokenId: string, fileName: string): Promise<KalturaMediaEntry> {
    const mediaType = mediaTypeOf(this.file.type);
    const fields: EntryFields = { ...(mediaType && { mediaType }), ...this.options.entry };
    fields.name ||= fileName;
    let entryId: string | undefined;
    return this.request(async (ctx) => {
      // If media.add got through but addContent did not, finish that entry instead of making another.
      if (entryId) return addContent(ctx, entryId, tokenId);
      try {
        return await createEntry(ctx, fields, tokenId);
      } catch (e) {
        entryId = (e as { entryId?: string }).entryId;
        throw e;
      }
    });
  }

  /**
   * Sends one request until it succeeds, retrying what can be retried and refreshing the KS once
   * on INVALID_KS when `ks` is a function. `done()` says the work was done meanwhile (by a resync).
   */
  private async request<T>(send: (ctx: CallContext) => Promise<T>, done?: () => boolean, syncing = false): Promise<T> {
    let attempt = 0;
    let acksAtLastFailure = this.acked.size;
    let replayedWithKs: string | undefined;
    for (;;) {
      await this.gate(syncing);
      if (done?.()) return undefined as T;
      const ks = this.ks;
      try {
        return await send(this.context(this.controller.signal));
      } catch (e) {
        const error = toUploadError(e);
        if (this.cancelled) throw error;
        if (this.failure) throw this.failure;
        if (error.code === 'PAUSED') continue; // the gate waits for resume()
        const remedy = remedyFor(error, typeof this.options.ks === 'function');
        if (remedy === 'refresh-ks' && replayedWithKs !== ks) {
          await this.refreshKs(ks);
          replayedWithKs = this.ks;
          continue;
        }
        if (remedy !== 'retry') throw error;
        // The budget is per stretch without progress: any chunk confirmed since restarts it.
        if (this.acked.size > acksAtLastFailure) attempt = 0;
        acksAtLastFailure = this.acked.size;
        const delay = retryDelay(++attempt, { ...defaultRetry, ...this.options.retry }, error.retryAfterMs);
        if (delay === undefined) throw error;
        this.setState('retrying', { error, retryInMs: Math.round(delay), attempt });
        await this.sleep(delay);
        if (this._state === 'retrying') this.setState(this.phase);
      }
    }
  }

  /** Waits while paused, stops when cancelled or failed, and after a pause syncs with the server once. */
  private async gate(syncing: boolean): Promise<void> {
    while (this.pauseGate) await this.pauseGate.promise;
    if (this.cancelled) throw new UploadError('CANCELLED', 'The upload was cancelled');
    if (this.failure) throw this.failure;
    if (this.needsSync && this.tokenId && !syncing) {
      this.sync ??= this.syncWithServer(false).finally(() => (this.sync = undefined));
      await this.sync;
    }
  }

  /**
   * Asks uploadToken.get how many bytes the file holds and counts every chunk inside them as done.
   * With `forget`, chunks past that point are sent again (the server lost or never merged them).
   */
  private async syncWithServer(forget: boolean): Promise<void> {
    this.needsSync = false;
    const token = await this.request((ctx) => getUploadToken(ctx, this.tokenId!), undefined, true);
    const whole = token.status === 2 || token.status === 3;
    const have = whole ? this.file.size : Number(token.uploadedFileSize ?? 0);
    for (const chunk of this.chunks) {
      if (chunk.end <= have) this.ack(chunk);
      else if (forget && this.acked.delete(chunk.index)) this.confirmedBytes -= chunk.end - chunk.start;
    }
  }

  private async tokenIsWhole(): Promise<boolean> {
    const token = await this.request((ctx) => getUploadToken(ctx, this.tokenId!), undefined, true);
    return token.status === 2 || token.status === 3;
  }

  /** One refresh for every request that failed with the same KS. */
  private async refreshKs(failedKs: string): Promise<void> {
    if (this.ks !== failedKs) return;
    this.ksRefresh ??= this.resolveKs()
      .then((ks) => void (this.ks = ks))
      .finally(() => (this.ksRefresh = undefined));
    await this.ksRefresh;
  }

  private context(signal: AbortSignal): CallContext {
    const o = this.options;
    return {
      serviceUrl: o.serviceUrl, ks: this.ks, partnerId: o.partnerId, signal,
      clientTag: o.clientTag ?? 'kaltura-chunked-upload', timeout: o.responseTimeout ?? 120_000,
    };
  }

  private abortRequests(reason: UploadError): void {
    const old = this.controller;
    // Cancel and failure are final; after a pause, new requests need a live signal.
    if (reason.code === 'PAUSED') this.controller = new AbortController();
    old.abort(reason);
  }

  /** A delay that ends early on pause, cancel or failure (the gate then decides). */
  private sleep(ms: number): Promise<void> {
    const signal = this.controller.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }

  /** Emits progress at most every 100 ms (a trailing event keeps the last figure), or now when forced. */
  private emitProgress(force = false): void {
    let sent = this.confirmedBytes;
    for (const [index, loaded] of this.inflight) if (!this.acked.has(index)) sent += loaded;
    // A retry starts a chunk over; what the user saw must not move backwards.
    this.confirmedHigh = Math.max(this.confirmedHigh, this.confirmedBytes);
    this.sentHigh = Math.max(this.sentHigh, sent, this.confirmedHigh);
    if (this._state === 'complete') return;
    const now = Date.now();
    if (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS) {
      this.progressTimer ??= setTimeout(() => {
        this.progressTimer = undefined;
        this.emitProgress(true);
      }, PROGRESS_INTERVAL_MS);
      return;
    }
    clearTimeout(this.progressTimer);
    this.progressTimer = undefined;
    this.lastProgressAt = now;
    this.dispatchEvent(new CustomEvent('progress', { detail: this.progress }));
  }

  private setState(state: UploadState, extra: Partial<UploadStateDetail> = {}): void {
    const previous = this._state;
    if (previous === state && state !== 'retrying') return;
    this._state = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: { ...extra, state, previous } }));
  }
}

function toUploadError(e: unknown): UploadError {
  if (isUploadError(e)) return e;
  return new UploadError('UNKNOWN_ERROR', e instanceof Error ? e.message : String(e), { cause: e });
}
