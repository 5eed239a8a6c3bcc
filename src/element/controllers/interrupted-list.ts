// The element's list of interrupted uploads: the resume store's records whose file is in no
// uploader's queue on the page (uploaders may share a store), re-read when the queue or the
// settings change, and forgotten on request (record and upload token). Most pages have none:
// the listing and matching (interrupted-matching.ts), the view and the file keys (hashing) load,
// with import(), only once the store holds records.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ForgetOptions, InterruptedUpload } from '../../engine/interrupted-uploads.js';
import { DEFAULT_RESUME_MAX_AGE, type ResumeRecord, type ResumeStore } from '../../engine/resume-store.js';
import { callOnce } from '../../engine/options.js';
import { deleteUploadToken } from '../../kaltura/upload-api.js';
import { resumeKey } from '../../engine/file-keys.js';
import type { Queue } from './interrupted-matching.js';

export interface InterruptedListConfig extends Queue {
  store(): ResumeStore | undefined;
  /** Records older than this (ms) are removed instead of listed. */
  maxAge(): number | undefined;
  /** The built-in list is hidden: nothing is read for it (the method still answers). */
  hidden(): boolean;
  /** Where to delete a forgotten upload's token; undefined while there is no service URL or KS. */
  server(): ForgetOptions | undefined;
}

/** The lists of connected uploaders: a file queued in any of them is not "interrupted". */
const connected = new Set<InterruptedList>();
/** Listing, matching and forgetting records: loaded with the first record a store holds. */
const records = () => import('./interrupted-matching.js');

export class InterruptedList implements ReactiveController {
  /** What the built-in list shows. */
  items: InterruptedUpload[] = [];
  /** The built-in list's view, loaded with the first records to show. */
  view?: typeof import('../views/interrupted-view.js').renderInterrupted;
  #reads = 0;

  readonly #host: ReactiveControllerHost;
  readonly #config: InterruptedListConfig;

  constructor(
    host: ReactiveControllerHost,
    config: InterruptedListConfig,
  ) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  hostConnected(): void {
    connected.add(this);
    void this.refresh();
  }

  hostDisconnected(): void {
    connected.delete(this);
  }

  /** The interrupted uploads now, newest first (expired records are removed on the way). */
  async read(): Promise<InterruptedUpload[]> {
    const store = this.#config.store();
    let entries: [string, ResumeRecord][] | undefined;
    try {
      entries = await store?.entries?.();
    } catch {
      // A store that fails lists nothing (as listInterruptedUploads does).
    }
    // Nothing stored (the usual case): no listing code to load, nothing to compare the queue with, no file to hash.
    if (!entries?.length) return [];
    // The queues of the uploaders connected once the records are read.
    const queues = () => [...new Set([this, ...connected])].map((list) => list.#config);
    return (await records()).interruptedOutside(store!, entries, this.#config.maxAge() ?? DEFAULT_RESUME_MAX_AGE, queues, resumeKey);
  }

  /** Removes the record and, with a service and a KS at hand, deletes its upload token; then re-reads. */
  async forget(key: string): Promise<void> {
    const server = this.#config.server();
    // Its code failing to load (offline) leaves the record: the list shows it still.
    await records().then((m) => m.forgetRecord(this.#config.store(), key, server && ((tokenId) => callOnce(server, (ctx) => deleteUploadToken(ctx, tokenId)))), () => {});
    await this.refresh();
  }

  /** Reads the list for the built-in view (empty while hidden); only the latest read is shown. */
  async refresh(): Promise<void> {
    const read = ++this.#reads;
    const list = this.#config.hidden() || !connected.has(this) ? [] : await this.read();
    // A view that fails to load shows nothing: the list is still there through read().
    if (list.length) this.view ??= await import('../views/interrupted-view.js').then((m) => m.renderInterrupted, () => undefined);
    if (read !== this.#reads) return;
    this.items = list;
    this.#host.requestUpdate();
  }
}
