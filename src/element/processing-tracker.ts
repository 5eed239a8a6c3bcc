// After an upload, until the video can be watched: follows each new entry (waitForEntryReady) so
// its row says "Processing", "Ready to play" or "Conversion failed", and dispatches
// `kaltura-entry-ready` / `kaltura-entry-failed`. One follow per finished row; it stops when the
// row is removed or the element leaves the document, and starts again when it comes back.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { waitForEntryReady, type WaitForEntryOptions } from '../engine/entry-tracking.js';
import type { KalturaMediaEntry } from '../kaltura/types.js';
import { emit } from './events.js';
import type { QueueItem } from './upload-queue.js';

/** Where a finished row's entry stands; `unknown` when following it failed (e.g. the KS may not call media.get). */
export interface Processing {
  state: 'processing' | 'ready' | 'failed' | 'unknown';
  /** The entry as last read. */
  entry: KalturaMediaEntry;
}

/** What following needs from the element: the call settings and the KS, not the per-entry options. */
type FollowOptions = Omit<WaitForEntryOptions, 'entry' | 'signal' | 'onEntry' | 'minDelay' | 'maxDelay'>;

export interface ProcessingTrackerConfig {
  items(): readonly QueueItem[];
  /** Service, KS and call settings; undefined while following is off (`no-track-processing`). */
  options(): FollowOptions | undefined;
}

export class ProcessingTracker implements ReactiveController {
  readonly #runs = new Map<QueueItem, Processing & { stop?: AbortController }>();
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #config: ProcessingTrackerConfig;

  constructor(host: ReactiveControllerHost & HTMLElement, config: ProcessingTrackerConfig) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  get(item: QueueItem): Processing | undefined {
    return this.#runs.get(item);
  }

  hostConnected(): void {
    this.#host.requestUpdate(); // hostUpdate picks up the rows to follow again
  }

  /** Follows in progress stop; those that ended keep their outcome (so no event fires twice). */
  hostDisconnected(): void {
    for (const [item, run] of this.#runs) {
      if (!run.stop) continue;
      run.stop.abort();
      this.#runs.delete(item);
    }
  }

  /** Before each render: removed rows stop being followed, newly finished ones start. */
  hostUpdate(): void {
    const items = new Set(this.#config.items());
    for (const [item, run] of this.#runs) {
      if (items.has(item)) continue;
      run.stop?.abort();
      this.#runs.delete(item);
    }
    if (!this.#host.isConnected) return;
    for (const item of items) {
      if (item.status.state !== 'complete' || this.#runs.has(item)) continue;
      const options = this.#config.options();
      if (!options) return;
      this.#follow(item, item.status.result, options);
    }
  }

  #follow(item: QueueItem, { entryId, entry }: { entryId: string; entry: KalturaMediaEntry }, options: FollowOptions): void {
    const stop = new AbortController();
    const run: Processing & { stop?: AbortController } = { state: 'processing', entry, stop };
    this.#runs.set(item, run);
    const onEntry = (latest: KalturaMediaEntry) => {
      run.entry = latest;
      this.#host.requestUpdate();
    };
    waitForEntryReady(entryId, { ...options, entry, signal: stop.signal, onEntry }).then(
      (outcome) => {
        Object.assign(run, outcome, { stop: undefined });
        emit(this.#host, outcome.state === 'ready' ? 'kaltura-entry-ready' : 'kaltura-entry-failed', { file: item.file, entryId, entry: outcome.entry });
        this.#host.requestUpdate();
      },
      () => {
        if (stop.signal.aborted) return;
        Object.assign(run, { state: 'unknown', stop: undefined });
        this.#host.requestUpdate();
      },
    );
  }
}
