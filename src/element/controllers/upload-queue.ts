// The element's file queue: one ChunkedUpload per file, at most `maxParallel()` of them moving
// bytes at once, and the bridge from engine events to Lit (requestUpdate) and to the element's
// own DOM events. It knows nothing about markup or words. Out of the document (docs/element-lifecycle.md)
// the uploads go on and the rows keep up, but nothing renders: no clock, no progress re-render;
// back in the document, both pick up again.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChunkedUpload, type ChunkedUploadOptions, type UploadStatus } from '../../engine/chunked-upload.js';
import type { InterruptedUpload } from '../../engine/interrupted-uploads.js';
import { toUploadError, type UploadError } from '../../errors.js';
import { emit } from '../events.js';

/**
 * A row's status: the engine's, or one the queue has before an engine exists (`queued`, and a
 * `paused` or `cancelled` file that never started) or instead of one (`rejected`).
 */
export type RowStatus = UploadStatus | { state: 'queued' } | { state: 'rejected'; error: UploadError };
export type RowState = RowStatus['state'];

/** The entry fields a person may fill in per file (the `metadata` attribute). */
export interface MetadataFields {
  name: string;
  description: string;
  tags: string;
}

/** One file in the queue, as the element renders it. */
export interface QueueItem {
  readonly id: number;
  /** The file; for a recording, a stand-in with its name and type (its bytes are `source`). */
  readonly file: File;
  /** A recording's bytes: a stream as they are recorded, or an interrupted recording (from browser storage); or a link Kaltura imports. */
  readonly source?: ReadableStream<Blob> | InterruptedUpload | URL;
  /** `replace-entry-id` when the file was added: the entry whose media it replaces. */
  readonly replaces?: string;
  status: RowStatus;
  /** Waits for `start()` (manual or metadata mode). */
  held: boolean;
  /** The file's engine, from its start until it completes (a complete row keeps its result, not the engine: long lists stay light). */
  upload?: ChunkedUpload;
  bytesSent: number;
  bytesConfirmed: number;
  bytesTotal: number;
  /** Smoothed bytes per second sent; 0 until measured. */
  speed: number;
  /** While retrying (not offline): when the next attempt goes out (ms since epoch). */
  retryAt?: number;
  fields: MetadataFields;
  sample?: { at: number; bytes: number };
  /** The bar's value as last told to assistive technology, and when (file-row.ts). */
  told?: { at: number; state: RowState; value: number; text: string };
}

export interface UploadQueueConfig {
  /** Engine options for one file (service URL, KS, chunking, entry fields). */
  engineOptions(item: QueueItem): ChunkedUploadOptions;
  /** The most files moving bytes at once; unset: two, a small file counting a third (SMALL_FILE_BYTES). */
  maxParallel(): number | undefined;
  /** False while the element lacks a service URL or a KS: files then wait, queued. */
  ready(): boolean;
  /** False while this file must wait before it starts (its duration is still being read). */
  mayStart?(item: QueueItem): boolean;
}

/** States in which a file with an engine holds one of the `maxParallel` slots. */
const ACTIVE = new Set<RowState>(['idle', 'uploading', 'retrying', 'finalizing']);
const FINISHED = new Set<RowState>(['complete', 'error', 'cancelled', 'rejected']);

export const isActive = (item: QueueItem): boolean => !!item.upload && ACTIVE.has(item.status.state);
export const isFinished = (item: QueueItem): boolean => FINISHED.has(item.status.state);

let nextId = 1;

/**
 * A file under 2 MiB is one chunk: it holds one request at a time, so three of them fill the
 * connections one larger file keeps busy, and count a third of a slot each. With the default two
 * slots, six small files go at once: the page's whole budget (six per host).
 */
const SMALL_FILE_BYTES = 2 * 1024 * 1024;
const weight = (item: QueueItem) => (item.file.size < SMALL_FILE_BYTES ? 1 : 3);
/** The weight of a file when the limit was set: one file, one slot. */
const one = () => 3;

/** Progress re-renders rows at most this often (events keep their own rate). */
const RENDER_MS = 300;

export class UploadQueue implements ReactiveController {
  items: QueueItem[] = [];
  #ticker?: ReturnType<typeof setInterval>;
  #render?: ReturnType<typeof setTimeout>;

  readonly #host: ReactiveControllerHost & Element;
  readonly #config: UploadQueueConfig;

  constructor(
    host: ReactiveControllerHost & Element,
    config: UploadQueueConfig,
  ) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  hostConnected(): void {
    this.pump();
  }

  /** Uploads keep going while the element is out of the document; the clock and the pending re-render stop (hostConnected starts them again). */
  hostDisconnected(): void {
    clearInterval(this.#ticker);
    clearTimeout(this.#render);
    this.#ticker = this.#render = undefined;
  }

  /** Adds files (or one recording, its bytes `source`); a rejected file gets a row in state `rejected` and never a request. */
  add(files: File[], held: boolean, reject: (file: File) => UploadError | undefined, source?: QueueItem['source'], replaces?: string): QueueItem[] {
    const added = files.map((file): QueueItem => {
      const error = reject(file);
      return {
        id: nextId++, file, source, replaces, held, status: error ? { state: 'rejected', error } : { state: 'queued' },
        bytesSent: 0, bytesConfirmed: 0, bytesTotal: file.size, speed: 0,
        fields: { name: file.name, description: '', tags: '' },
      };
    });
    this.items = [...this.items, ...added];
    for (const item of added) if (item.status.state === 'rejected') emit(this.#host, 'kaltura-upload-error', { file: item.file, error: item.status.error });
    this.pump();
    return added;
  }

  /** Turns a file that has not started away after a later check (its duration), as `add` does at once. */
  reject(item: QueueItem, error: UploadError): void {
    if (item.upload || isFinished(item)) return;
    item.status = { state: 'rejected', error };
    emit(this.#host, 'kaltura-upload-error', { file: item.file, error });
    this.pump();
  }

  /** Lets held files go (manual mode). */
  start(): void {
    for (const item of this.items) item.held = false;
    this.pump();
  }

  pause(item: QueueItem): void {
    if (item.status.state === 'queued') item.status = { state: 'paused' };
    else if (isActive(item)) item.upload!.pause();
    this.#changed();
  }

  /** A paused file goes back in line; it continues at once when a slot is free. */
  resume(item: QueueItem): void {
    if (item.status.state !== 'paused') return;
    item.status = { state: 'queued' };
    item.held = false;
    this.pump();
  }

  /**
   * Cancels at once. The promise settles once what the file's upload made on the server is
   * deleted (for a file cancelled before, once that clean-up is done).
   */
  cancel(item: QueueItem): Promise<void> {
    const { upload } = item;
    if (!upload && !isFinished(item)) item.status = { state: 'cancelled' };
    this.pump();
    return upload ? upload.cancel() : Promise.resolve();
  }

  /** Starts a failed or cancelled file again with a fresh engine. */
  retry(item: QueueItem): void {
    const { state } = item.status;
    if (state !== 'error' && state !== 'cancelled') return;
    Object.assign(item, { upload: undefined, status: { state: 'queued' }, held: false, speed: 0, sample: undefined });
    this.pump();
  }

  remove(item: QueueItem): void {
    void this.cancel(item);
    this.items = this.items.filter((i) => i !== item);
    this.#changed();
  }

  /** Starts waiting files while slots are free. */
  pump(): void {
    if (this.#config.ready()) {
      const limit = this.#config.maxParallel();
      const cost = limit ? one : weight;
      let free = 3 * (limit || 2);
      for (const item of this.items) if (isActive(item)) free -= cost(item);
      for (const item of this.items) {
        if (free <= 0) break;
        if (item.status.state === 'queued' && !item.held && cost(item) <= free && this.#config.mayStart?.(item) !== false) {
          free -= cost(item);
          this.#launch(item);
        }
      }
    }
    this.#changed();
  }

  #launch(item: QueueItem): void {
    item.status = { state: 'idle' };
    item.sample = undefined;
    if (item.upload) {
      item.upload.resume();
      return;
    }
    const { file } = item;
    let upload: ChunkedUpload;
    try {
      // A recording's name is its stand-in file's (a stream has none).
      upload = new ChunkedUpload(item.source ?? file, { fileName: file.name, ...this.#config.engineOptions(item), ...(item.replaces && { replaceEntryId: item.replaces }) });
    } catch (e) {
      this.#fail(item, e);
      return;
    }
    item.upload = upload;
    const current = () => item.upload === upload;
    upload.addEventListener('statechange', ({ detail }) => {
      if (!current()) return;
      const { previous: _previous, ...status } = detail;
      item.status = status;
      item.sample = undefined;
      item.retryAt = status.state === 'retrying' && status.retryInMs != null ? Date.now() + status.retryInMs : undefined;
      if (status.state === 'uploading' && status.resumedFrom) {
        // The bar starts where the server stood.
        item.bytesConfirmed = Math.max(item.bytesConfirmed, status.resumedFrom);
        item.bytesSent = Math.max(item.bytesSent, status.resumedFrom);
      }
      emit(this.#host, 'kaltura-upload-statechange', { file, ...detail });
      if (!ACTIVE.has(status.state)) this.pump();
      else this.#changed();
    });
    upload.addEventListener('progress', ({ detail }) => {
      if (!current()) return;
      measureSpeed(item, detail.bytesSent);
      Object.assign(item, detail);
      emit(this.#host, 'kaltura-upload-progress', { file, ...detail });
      // Rows follow at a bounded rate: rendering on every event cost the upload real speed.
      if (this.#host.isConnected) this.#render ??= setTimeout(() => {
        this.#render = undefined;
        this.#host.requestUpdate();
      }, RENDER_MS);
    });
    emit(this.#host, 'kaltura-upload-start', { file });
    upload.start().then(
      (result) => {
        if (!current()) return;
        Object.assign(item, { status: { state: 'complete', result }, bytesSent: file.size, bytesConfirmed: file.size, upload: undefined });
        emit(this.#host, 'kaltura-upload-complete', { file, entryId: result.entryId, uploadTokenId: result.uploadTokenId });
        this.pump();
      },
      (e) => current() && this.#fail(item, e),
    );
  }

  #fail(item: QueueItem, e: unknown): void {
    const error = toUploadError(e);
    if (error.code === 'CANCELLED') {
      item.status = { state: 'cancelled' };
    } else {
      item.status = { state: 'error', error };
      emit(this.#host, 'kaltura-upload-error', { file: item.file, error });
    }
    this.pump();
  }

  /** Re-renders, and keeps a one-second clock while something moves (speed, time left, retry countdown) in the document. */
  #changed(): void {
    const moving = this.#host.isConnected && this.items.some(isActive);
    if (moving && !this.#ticker) this.#ticker = setInterval(() => this.#host.requestUpdate(), 1000);
    if (!moving && this.#ticker) {
      clearInterval(this.#ticker);
      this.#ticker = undefined;
    }
    this.#host.requestUpdate();
  }
}

/** Exponentially smoothed speed, sampled at most every half second so bursts do not jump about. */
function measureSpeed(item: QueueItem, bytesSent: number): void {
  const at = performance.now();
  const s = item.sample;
  if (!s) {
    item.sample = { at, bytes: bytesSent };
  } else if (at - s.at >= 500) {
    const now = ((bytesSent - s.bytes) * 1000) / (at - s.at);
    item.speed = item.speed ? item.speed * 0.7 + now * 0.3 : now;
    item.sample = { at, bytes: bytesSent };
  }
}
