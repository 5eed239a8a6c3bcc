// What the element holds to show where each new entry stands after its upload ("Processing",
// "Ready to play", "Conversion failed"). The following itself (entry-follower.ts: one media.list
// for all the entries until each is playable, the kaltura-entry-* events) runs only after an upload, so its code loads
// once files are added, while they upload: a page that never uploads never loads it, and a row
// is followed from the moment it completes. Should that code fail to load, rows just stay "Done".
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { KsSession } from '../../engine/ks-session.js';
import { callContext } from '../../engine/options.js';
import { callKaltura } from '../../kaltura/client.js';
import type { EntryFollower } from './entry-follower.js';
import { emit } from '../events.js';
import type { Processing, ProcessingTrackerConfig } from './processing-types.js';
import type { QueueItem } from './upload-queue.js';

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
    import('./entry-follower.js').then((m) => (this.#follower = new m.EntryFollower(this.#host, config, { KsSession, callContext, callKaltura, emit })), () => undefined);
  }
}
