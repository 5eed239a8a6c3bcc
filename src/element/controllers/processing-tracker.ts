// What the element holds to show where each new entry stands after its upload ("Processing",
// "Ready to play", "Conversion failed"). The following itself (entry-follower.ts: media.get until
// the entry is playable, the kaltura-entry-* events) runs only after an upload, so its code loads
// once files are added, while they upload: a page that never uploads never loads it, and a row
// is followed from the moment it completes. Should that code fail to load, rows just stay "Done".
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { waitForEntryReady, type WaitForEntryOptions } from '../../engine/entry-tracking.js';
import type { EntryFollower } from './entry-follower.js';
import { emit } from '../events.js';
import type { QueueItem } from './upload-queue.js';

/**
 * Where a finished row's entry stands; `unknown` when following it failed (e.g. the KS may not call
 * media.get); `approval` when its replacement waits for approval (READY_BUT_NOT_APPROVED).
 */
export interface Processing {
  state: 'processing' | 'ready' | 'failed' | 'approval' | 'unknown';
  /** The row replaced an existing entry's media (`replace-entry-id`). */
  replaced?: boolean;
  /** What the row shows of the entry as last read (its thumbnail, its Play link): not the whole answer, for every row of a long list. */
  entry: ShownEntry;
}

export interface ShownEntry {
  id: string;
  status?: number;
  thumbnailUrl?: unknown;
  dataUrl?: unknown;
}

/** What following needs from the element: the call settings and the KS, not the per-entry options. */
export type FollowOptions = Omit<WaitForEntryOptions, 'entry' | 'signal' | 'onEntry' | 'minDelay' | 'maxDelay'>;

export interface ProcessingTrackerConfig {
  items(): readonly QueueItem[];
  /** Service, KS and call settings; undefined while following is off (`no-track-processing`). */
  options(): FollowOptions | undefined;
}

/**
 * What the follower's module is handed instead of importing it: a bundler follows an import() even
 * in an app that leaves the element out (it uses only the engine), and whatever that chunk imported
 * from the element's chunk would come along; the page has this code loaded already.
 */
export interface FollowerTools {
  waitForEntryReady: typeof waitForEntryReady;
  emit: typeof emit;
}

export class ProcessingTracker implements ReactiveController {
  #follower?: EntryFollower;
  #loading = false;
  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #config: ProcessingTrackerConfig;

  constructor(host: ReactiveControllerHost & HTMLElement, config: ProcessingTrackerConfig) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  get(item: QueueItem): Processing | undefined {
    return this.#follower?.get(item);
  }

  /** Loads the follower with the first file that may upload (it adds itself to the host's controllers). */
  hostUpdate(): void {
    const config = this.#config;
    if (this.#loading || !config.items().some((i) => i.status.state !== 'rejected') || !config.options()) return;
    this.#loading = true;
    import('./entry-follower.js').then((m) => (this.#follower = new m.EntryFollower(this.#host, config, { waitForEntryReady, emit })), () => undefined);
  }
}
