// The element's list of interrupted uploads: the resume store's records whose file is in no
// uploader's queue on the page (uploaders may share a store), re-read when the queue or the
// settings change, and forgotten on request (record and upload token). Most pages have none:
// the listing, the view and the file keys (hashing) load, with import(), only once the store holds records.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ForgetOptions, InterruptedUpload } from '../../engine/interrupted-uploads.js';
import { DEFAULT_RESUME_MAX_AGE, type ResumeRecord, type ResumeStore } from '../../engine/resume-store.js';
import { callOnce } from '../../engine/options.js';
import { deleteUploadToken } from '../../kaltura/upload-api.js';
import { resumeKey } from '../../engine/file-keys.js';

export interface InterruptedListConfig {
  store(): ResumeStore | undefined;
  /** Records older than this (ms) are removed instead of listed. */
  maxAge(): number | undefined;
  /** The built-in list is hidden: nothing is read for it (the method still answers). */
  hidden(): boolean;
  /** The files in this uploader's queue, and their upload tokens once known (a continued recording: its key). */
  queued(): { file: File; uploadTokenId?: string; key?: string }[];
  /** What the engine's resume key depends on besides the file. */
  keyOptions(): { partnerId?: number; fileName?: string };
  /** Where to delete a forgotten upload's token; undefined while there is no service URL or KS. */
  server(): ForgetOptions | undefined;
}

/** The lists of connected uploaders: a file queued in any of them is not "interrupted". */
const connected = new Set<InterruptedList>();
/** Listing and forgetting records: loaded with the first record a store holds. */
const records = () => import('../../engine/interrupted-records.js');

export class InterruptedList implements ReactiveController {
  /** What the built-in list shows. */
  items: InterruptedUpload[] = [];
  /** The built-in list's view, loaded with the first records to show. */
  view?: typeof import('../views/interrupted-view.js').renderInterrupted;
  #reads = 0;
  /** Each queued file's resume key, for the partner it was computed for. */
  readonly #keys = new WeakMap<File, { partnerId?: number; key: Promise<string> }>();

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
    const stored = await (await records()).interruptedFrom(store!, entries, this.#config.maxAge() ?? DEFAULT_RESUME_MAX_AGE);
    if (!stored.length) return stored;
    const lists = [...new Set([this, ...connected])];
    const queued = lists.flatMap((list) => list.#config.queued().map((q) => [list, q] as const));
    const keys = new Set(await Promise.all(queued.map(([list, q]) => q.key ?? list.#keyOf(q.file))));
    const tokens = new Set(queued.map(([, q]) => q.uploadTokenId));
    return stored.filter((u) => !keys.has(u.key) && !tokens.has(u.uploadTokenId));
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

  #keyOf(file: File): Promise<string> {
    const options = this.#config.keyOptions();
    let known = this.#keys.get(file);
    if (!known || known.partnerId !== options.partnerId) {
      known = { partnerId: options.partnerId, key: resumeKey(file, options).catch(() => '') };
      this.#keys.set(file, known);
    }
    return known.key;
  }
}
