// Following each new entry after its upload, until the video can be watched (waitForEntryReady),
// so its row says "Processing", "Ready to play" or "Conversion failed", and dispatching
// `kaltura-entry-ready` / `kaltura-entry-failed`. One follow per finished row; it stops when the
// row is removed or the element leaves the document, and starts again when it comes back. Loaded
// by processing-tracker.ts once files are added, this module imports nothing at run time (the
// tracker hands over what it needs, see FollowerTools).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadResult } from '../../engine/upload-status.js';
import type { KalturaMediaEntry } from '../../kaltura/types.js';
import type { FollowerTools, FollowOptions, Processing, ProcessingTrackerConfig, ShownEntry } from './processing-tracker.js';
import type { QueueItem } from './upload-queue.js';

const shown = ({ id, status, thumbnailUrl, dataUrl }: KalturaMediaEntry): ShownEntry => ({ id, status, thumbnailUrl, dataUrl });

export class EntryFollower implements ReactiveController {
  readonly #runs = new Map<QueueItem, Processing & { stop?: AbortController }>();
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #config: ProcessingTrackerConfig;
  readonly #tools: FollowerTools;

  constructor(host: ReactiveControllerHost & HTMLElement, config: ProcessingTrackerConfig, tools: FollowerTools) {
    this.#host = host;
    this.#config = config;
    this.#tools = tools;
    host.addController(this); // on a connected host, Lit calls hostConnected at once
  }

  get(item: QueueItem): Processing | undefined {
    return this.#runs.get(item);
  }

  /** hostUpdate picks up the finished rows to follow (again, after a reconnect): an update only when there are any. */
  hostConnected(): void {
    if (this.#config.items().some((i) => i.status.state === 'complete' && !this.#runs.has(i))) this.#host.requestUpdate();
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

  #follow(item: QueueItem, { entryId, entry, replacement }: UploadResult, options: FollowOptions): void {
    const stop = new AbortController();
    const replaced = !!item.replaces;
    const run: Processing & { stop?: AbortController } = { state: 'processing', entry, stop, ...(replaced && { replaced }) };
    this.#runs.set(item, run);
    const { waitForEntryReady, emit } = this.#tools;
    const tell = (name: 'kaltura-entry-ready' | 'kaltura-entry-failed', latest: KalturaMediaEntry) =>
      emit(this.#host, name, { file: item.file, entryId, entry: latest, ...(replaced && { replaced: true as const }) });
    // A replacement the engine followed already: waiting for approval (no event: nothing changed
    // for viewers yet), or failed (the entry keeps its old media, still READY).
    if (replacement && replacement.status !== 'replaced') {
      const waiting = replacement.status === 'awaiting-approval';
      Object.assign(run, { state: waiting ? 'approval' : 'failed', stop: undefined });
      if (!waiting) tell('kaltura-entry-failed', entry);
      return;
    }
    const onEntry = (latest: KalturaMediaEntry) => {
      run.entry = shown(latest);
      this.#host.requestUpdate();
    };
    waitForEntryReady(entryId, { ...options, entry, signal: stop.signal, onEntry }).then(
      (outcome) => {
        Object.assign(run, { state: outcome.state, entry: shown(outcome.entry), stop: undefined });
        tell(outcome.state === 'ready' ? 'kaltura-entry-ready' : 'kaltura-entry-failed', outcome.entry);
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
