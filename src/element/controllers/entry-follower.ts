// Following each new entry after its upload, until the video can be watched, so its row says
// "Processing", "Ready to play" or "Conversion failed", and dispatching `kaltura-entry-ready` /
// `kaltura-entry-failed`. All the rows being followed are read together: one `media.list` with
// `idIn` (up to 500 ids a page), backing off from 2 s to 30 s and back to 2 s when a row joins,
// instead of one `media.get` per entry (a hundred files were a hundred requests every few
// seconds). An entry the list does not show yet (Kaltura's search index lags behind a new entry)
// is simply not there yet. A row stops being followed when it is removed or the element leaves the
// document, and starts again when it comes back. Loaded by processing-tracker.ts once files are
// added, this module imports nothing at run time (the tracker hands over what it needs, see
// FollowerTools).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EntryStatus, type KalturaMediaEntry } from '../../kaltura/types.js';
import type { UploadError } from '../../errors.js';
import type { FollowerTools, FollowOptions, Processing, ProcessingTrackerConfig, ShownEntry } from './processing-types.js';
import type { QueueItem } from './upload-queue.js';

const shown = ({ id, status, thumbnailUrl, dataUrl }: KalturaMediaEntry): ShownEntry => ({ id, status, thumbnailUrl, dataUrl });
const MIN_DELAY = 2000;
const MAX_DELAY = 30_000;
/** Every status but DELETED: a list without a status filter shows READY entries only. */
const ANY_STATUS = '-2,-1,0,1,2,4,5,6,7';
const PAGE = 500;

type Run = Processing & { entryId: string; item: QueueItem };

/** What a status says: READY is ready, a failed conversion or import failed, anything else not yet. */
function outcome(entry: KalturaMediaEntry): 'ready' | 'failed' | undefined {
  const status = Number(entry?.status);
  return status === EntryStatus.READY ? 'ready' : status === EntryStatus.ERROR_CONVERTING || status === EntryStatus.ERROR_IMPORTING ? 'failed' : undefined;
}

export class EntryFollower implements ReactiveController {
  readonly #runs = new Map<QueueItem, Run>();
  /** Stops the reading loop (the element left the document). */
  #stop?: AbortController;
  /** Cuts the loop's wait short (a row joined). */
  #wake?: () => void;
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
    this.#stop?.abort();
    this.#stop = undefined;
    for (const [item, run] of this.#runs) if (run.state === 'processing') this.#runs.delete(item);
  }

  /** Before each render: removed rows stop being followed, newly finished ones start. */
  hostUpdate(): void {
    const items = new Set(this.#config.items());
    for (const item of this.#runs.keys()) if (!items.has(item)) this.#runs.delete(item);
    if (!this.#host.isConnected) return;
    for (const item of items) {
      if (item.status.state !== 'complete' || this.#runs.has(item)) continue;
      const options = this.#config.options();
      if (!options) return;
      const { entryId, entry, replacement } = item.status.result;
      const replaced = !!item.replaces;
      const run: Run = { state: 'processing', entry: shown(entry), entryId, item, ...(replaced && { replaced }) };
      this.#runs.set(item, run);
      // A replacement the engine followed already: waiting for approval (no event: nothing changed
      // for viewers yet), or failed (the entry keeps its old media, still READY).
      if (replacement && replacement.status !== 'replaced') {
        const waiting = replacement.status === 'awaiting-approval';
        run.state = waiting ? 'approval' : 'failed';
        if (!waiting) queueMicrotask(() => this.#tell(run, 'kaltura-entry-failed', entry));
        continue;
      }
      // A final status settles without a request (an image is READY on upload), after this update.
      if (outcome(entry)) queueMicrotask(() => this.#seen(run, entry));
      else this.#follow(options);
    }
  }

  /** Starts the loop, or makes it read soon. */
  #follow(options: FollowOptions): void {
    if (this.#stop) return this.#wake?.();
    const stop = (this.#stop = new AbortController());
    void this.#loop(options, stop.signal).finally(() => {
      if (this.#stop === stop) this.#stop = undefined;
    });
  }

  async #loop(options: FollowOptions, signal: AbortSignal): Promise<void> {
    const { KsSession, callContext, callKaltura } = this.#tools;
    const ks = new KsSession(options.ks);
    let delay = MIN_DELAY;
    let replayedWith: string | undefined;
    signal.addEventListener('abort', () => this.#wake?.());
    for (;;) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout((this.#wake = () => {
          clearTimeout(timer);
          delay = MIN_DELAY / 1.5;
          resolve();
        }), delay);
      });
      const pending = [...this.#runs.values()].filter((r) => r.state === 'processing');
      if (signal.aborted || !pending.length) return;
      delay = Math.min(delay * 1.5, MAX_DELAY);
      const ids = [...new Set(pending.map((r) => r.entryId))];
      let sent = ks.current;
      try {
        if (!sent) await ks.load();
        sent = ks.current;
        for (let i = 0; i < ids.length; i += PAGE) {
          const list = await callKaltura<{ objects?: KalturaMediaEntry[] }>(callContext(options, sent, signal), 'media', 'list', {
            filter: { objectType: 'KalturaMediaEntryFilter', idIn: ids.slice(i, i + PAGE).join(','), statusIn: ANY_STATUS },
            pager: { objectType: 'KalturaFilterPager', pageSize: PAGE },
          });
          ks.worked(sent);
          for (const entry of list?.objects ?? []) for (const run of pending) if (run.entryId === entry?.id) this.#seen(run, entry);
        }
      } catch (e) {
        if (signal.aborted) return;
        const error = e as UploadError;
        if (error.code === 'INVALID_KS' && ks.refreshable && ks.mayReplace(sent, replayedWith)) {
          await ks.replace(sent).catch(() => undefined);
          replayedWith = ks.current;
        } else if (!error.retryable) {
          // E.g. a KS that may not list entries: the rows say nothing more (they stay "Done").
          for (const run of pending) run.state = 'unknown';
          this.#host.requestUpdate();
          return;
        }
        // Otherwise the entries are read again at the next delay.
      }
    }
  }

  /** The entry as read: shown, and when its status is final, the row's outcome with its event. True when final. */
  #seen(run: Run, entry: KalturaMediaEntry): boolean {
    if (this.#runs.get(run.item) !== run) return false; // removed meanwhile
    run.entry = shown(entry);
    const state = outcome(entry);
    if (state) {
      run.state = state;
      this.#tell(run, state === 'ready' ? 'kaltura-entry-ready' : 'kaltura-entry-failed', entry);
    }
    this.#host.requestUpdate();
    return !!state;
  }

  #tell(run: Run, name: 'kaltura-entry-ready' | 'kaltura-entry-failed', entry: KalturaMediaEntry): void {
    this.#tools.emit(this.#host, name, { file: run.item.file, entryId: run.entryId, entry, ...(run.replaced && { replaced: true as const }) });
  }
}
