// The element's file queue: one ChunkedUpload per file, at most `maxParallel()` of them moving
// bytes at once, and the bridge from engine events to Lit (requestUpdate) and to the element's
// own DOM events. It knows nothing about markup or words.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ChunkedUpload, type UploadState, type UploadStateDetail } from '../engine/chunked-upload.js';
import { UploadError } from '../errors.js';
import { emit } from './events.js';

/** What a row shows: an engine state, or a state the queue adds before / instead of the engine. */
export type RowState = UploadState | 'queued' | 'rejected';

/** The entry fields a person may fill in per file (the `metadata` attribute). */
export interface EntryFields {
  name: string;
  description: string;
  tags: string;
}

export type EngineOptions = ConstructorParameters<typeof ChunkedUpload>[1];

/** One file in the queue, as the element renders it. */
export interface QueueItem {
  readonly id: number;
  readonly file: File;
  state: RowState;
  /** Waits for `start()` (manual or metadata mode). */
  held: boolean;
  upload?: ChunkedUpload;
  bytesSent: number;
  bytesConfirmed: number;
  bytesTotal: number;
  /** Smoothed bytes per second sent; 0 until measured. */
  speed: number;
  /** When the engine said it retries (ms since epoch). */
  retryAt?: number;
  /** While uploading: the bytes the server already held when the engine continued a remembered upload. */
  resumedFrom?: number;
  /** Retrying because the browser reports no network (the engine waits for `online`). */
  offline?: boolean;
  error?: UploadError;
  entryId?: string;
  uploadTokenId?: string;
  fields: EntryFields;
  sample?: { at: number; bytes: number };
}

export interface UploadQueueConfig {
  /** Engine options for one file (service URL, KS, chunking, entry fields). */
  engineOptions(item: QueueItem): EngineOptions;
  /** The most files moving bytes at once. */
  maxParallel(): number;
  /** False while the element lacks a service URL or a KS: files then wait, queued. */
  ready(): boolean;
}

/** Engine states in which a file holds one of the `maxParallel` slots. */
const ACTIVE = new Set<RowState>(['idle', 'uploading', 'retrying', 'finalizing']);
const FINISHED = new Set<RowState>(['complete', 'error', 'cancelled', 'rejected']);

export const isActive = (item: QueueItem): boolean => !!item.upload && ACTIVE.has(item.state);
export const isFinished = (item: QueueItem): boolean => FINISHED.has(item.state);

let nextId = 1;

export class UploadQueue implements ReactiveController {
  items: QueueItem[] = [];
  private ticker?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost & EventTarget,
    private readonly config: UploadQueueConfig,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.pump();
  }

  /** Uploads keep going while the element is out of the document; only the clock stops. */
  hostDisconnected(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** Adds files; a rejected file gets a row in state `rejected` and never a request. */
  add(files: File[], held: boolean, reject: (file: File) => UploadError | undefined): QueueItem[] {
    const added = files.map((file): QueueItem => {
      const error = reject(file);
      return {
        id: nextId++, file, held, error, state: error ? 'rejected' : 'queued',
        bytesSent: 0, bytesConfirmed: 0, bytesTotal: file.size, speed: 0,
        fields: { name: file.name, description: '', tags: '' },
      };
    });
    this.items = [...this.items, ...added];
    for (const item of added) if (item.error) emit(this.host, 'kaltura-upload-error', { file: item.file, error: item.error });
    this.pump();
    return added;
  }

  /** Lets held files go (manual mode). */
  start(): void {
    for (const item of this.items) item.held = false;
    this.pump();
  }

  pause(item: QueueItem): void {
    if (item.state === 'queued') item.state = 'paused';
    else if (isActive(item)) item.upload!.pause();
    this.changed();
  }

  /** A paused file goes back in line; it continues at once when a slot is free. */
  resume(item: QueueItem): void {
    if (item.state !== 'paused') return;
    item.state = 'queued';
    item.held = false;
    this.pump();
  }

  cancel(item: QueueItem): void {
    if (isFinished(item)) return;
    if (item.upload) item.upload.cancel();
    else item.state = 'cancelled';
    this.pump();
  }

  /** Starts a failed or cancelled file again with a fresh engine. */
  retry(item: QueueItem): void {
    if (item.state !== 'error' && item.state !== 'cancelled') return;
    Object.assign(item, { upload: undefined, error: undefined, state: 'queued', held: false, speed: 0, sample: undefined });
    this.pump();
  }

  remove(item: QueueItem): void {
    this.cancel(item);
    this.items = this.items.filter((i) => i !== item);
    this.changed();
  }

  /** Starts waiting files while slots are free. */
  pump(): void {
    if (this.config.ready()) {
      let free = this.config.maxParallel() - this.items.filter(isActive).length;
      for (const item of this.items) {
        if (free <= 0) break;
        if (item.state === 'queued' && !item.held) {
          free--;
          this.launch(item);
        }
      }
    }
    this.changed();
  }

  private launch(item: QueueItem): void {
    item.state = 'idle';
    item.sample = undefined;
    if (item.upload) {
      item.upload.resume();
      return;
    }
    const { file } = item;
    let upload: ChunkedUpload;
    try {
      upload = new ChunkedUpload(file, this.config.engineOptions(item));
    } catch (e) {
      this.fail(item, e);
      return;
    }
    item.upload = upload;
    const current = () => item.upload === upload;
    upload.addEventListener('statechange', (e) => {
      const { state, previous, retryInMs, reason, resumedFrom } = (e as CustomEvent<UploadStateDetail>).detail;
      if (!current()) return;
      item.state = state;
      item.sample = undefined;
      item.retryAt = state === 'retrying' && retryInMs != null ? Date.now() + retryInMs : undefined;
      item.offline = state === 'retrying' && reason === 'offline';
      // "Resuming from N%" lasts while the file uploads; a pause or a retry ends it.
      if (state !== 'uploading') item.resumedFrom = undefined;
      else if (resumedFrom) {
        item.resumedFrom = resumedFrom;
        item.bytesConfirmed = Math.max(item.bytesConfirmed, resumedFrom); // the bar starts there
        item.bytesSent = Math.max(item.bytesSent, resumedFrom);
      }
      emit(this.host, 'kaltura-upload-statechange', {
        file, state, previous, ...(resumedFrom && { resumedFrom }), ...(reason && { reason }),
      });
      if (!ACTIVE.has(state)) this.pump();
      else this.changed();
    });
    upload.addEventListener('progress', (e) => {
      const { bytesSent, bytesConfirmed, bytesTotal } = (e as CustomEvent).detail;
      if (!current()) return;
      measureSpeed(item, bytesSent);
      Object.assign(item, { bytesSent, bytesConfirmed, bytesTotal });
      emit(this.host, 'kaltura-upload-progress', { file, bytesSent, bytesConfirmed, bytesTotal });
      this.host.requestUpdate();
    });
    emit(this.host, 'kaltura-upload-start', { file });
    let run: ReturnType<ChunkedUpload['start']>;
    try {
      run = upload.start();
    } catch (e) {
      this.fail(item, e);
      return;
    }
    run.then(
      ({ entryId, uploadTokenId }) => {
        if (!current()) return;
        Object.assign(item, { state: 'complete', entryId, uploadTokenId, bytesSent: file.size, bytesConfirmed: file.size });
        emit(this.host, 'kaltura-upload-complete', { file, entryId, uploadTokenId });
        this.pump();
      },
      (e) => current() && this.fail(item, e),
    );
  }

  private fail(item: QueueItem, e: unknown): void {
    const error = e instanceof UploadError ? e : new UploadError('UNKNOWN_ERROR', String((e as Error)?.message ?? e), { cause: e });
    if (error.code === 'CANCELLED') {
      item.state = 'cancelled';
    } else {
      item.state = 'error';
      item.error = error;
      emit(this.host, 'kaltura-upload-error', { file: item.file, error });
    }
    this.pump();
  }

  /** Re-renders, and keeps a one-second clock while something moves (speed, time left, retry countdown). */
  private changed(): void {
    const moving = this.items.some(isActive);
    if (moving && !this.ticker) this.ticker = setInterval(() => this.host.requestUpdate(), 1000);
    if (!moving && this.ticker) {
      clearInterval(this.ticker);
      this.ticker = undefined;
    }
    this.host.requestUpdate();
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
