// Each queued file's preview: probed as the file is added (media-probe.ts), in parallel with its
// upload and one file at a time (fifty dropped videos must not open fifty decoders at once), its
// poster kept as an object URL while its row exists and the element is in the document (out of
// it the URLs are let go, so an element a page dropped pins no image; back in, they are made again
// from the posters kept). Once a video's upload is complete,
// its poster becomes the new entry's thumbnail (one request; a failure there only means no
// thumbnail, never a failed upload). The probe's code loads with the first file: a page that
// never gets one never loads it, and one that cannot load it shows no preview (the file uploads).
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { MediaInfo } from './media-probe.js';
import { isActive, isFinished, type QueueItem } from '../controllers/upload-queue.js';

/**
 * A file that uploads is read for its preview only once its upload has gone this long (or ended):
 * reading it competes with sending it (on loopback it cost a fifth of the speed), and on a fast
 * link the whole upload is over by then.
 */
const AFTER_UPLOAD_STARTED_MS = 1500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a row shows of its file: the probe's findings and the poster's object URL. */
export interface Preview extends MediaInfo {
  posterUrl?: string;
}

export interface MediaPreviewConfig {
  items(): readonly QueueItem[];
  /** Whether files are read at all (`no-preview` without a duration limit: not). */
  wanted(): boolean;
  /** Whether a file is read before its upload (a duration limit is checked before it starts). */
  first(): boolean;
  /** A file's probe finished (durations can be checked, a file waiting for it may go). */
  probed(item: QueueItem): void;
  /** Makes `poster` the thumbnail of `entryId`; undefined when that is off (`no-thumbnail`). */
  setThumbnail(entryId: string, poster: Blob): Promise<void> | undefined;
}

export class MediaPreview implements ReactiveController {
  /** Present while probing (undefined) and after (the preview, empty for a file that is no media). */
  readonly #previews = new Map<QueueItem, Preview | undefined>();
  readonly #thumbnailed = new WeakSet<QueueItem>();
  /** The row's preview parts (preview-view.ts), once loaded with the first probe. */
  view?: typeof import('../views/preview-view.js');
  /** The last probe started: the next one waits for it. */
  #probing: Promise<unknown> = Promise.resolve();
  readonly #host: ReactiveControllerHost & Element;
  readonly #config: MediaPreviewConfig;

  constructor(host: ReactiveControllerHost & Element, config: MediaPreviewConfig) {
    this.#host = host;
    this.#config = config;
    host.addController(this);
  }

  /** Starts probing newly added files (a rejected one is left alone). */
  watch(items: readonly QueueItem[]): void {
    for (const item of items) {
      if (item.status.state === 'rejected') continue;
      if (!this.#config.wanted()) {
        this.#previews.set(item, {}); // settled, nothing to show
        continue;
      }
      this.#previews.set(item, undefined);
      const gone = () => !this.#previews.has(item); // removed meanwhile
      const probe = this.#probing.then(async () => {
        // Held (manual mode), paused or done: read now; uploading: once it has gone a while.
        for (let since = 0; !this.#config.first() && !gone() && !item.held && !isFinished(item) && item.status.state != 'paused'; await sleep(100)) {
          if (isActive(item) && (since ||= Date.now()) < Date.now() - AFTER_UPLOAD_STARTED_MS) break;
        }
        if (gone()) return undefined;
        // What a row shows of it (poster, duration, frame size) loads beside the probe, so it is at
        // hand when the preview is (a view that fails to load shows nothing; the file uploads).
        const [info] = await Promise.all([
          import('./media-probe.js').then((m) => m.probeMedia(item.file), () => undefined),
          this.view ?? import('../views/preview-view.js').then((m) => void (this.view = m), () => {}),
        ]);
        return info;
      });
      this.#probing = probe;
      void probe.then((info) => {
        if (gone()) return;
        this.#previews.set(item, this.#poster({ ...info }));
        this.#config.probed(item);
        this.#host.requestUpdate();
      });
    }
  }

  hostConnected(): void {
    this.hostDisconnected();
  }

  /** (And hostConnected.) Every poster's object URL follows the element in or out of the document. */
  hostDisconnected(): void {
    for (const [item, preview] of this.#previews) if (preview) this.#previews.set(item, this.#poster(preview));
  }

  get(item: QueueItem): Preview | undefined {
    return this.#previews.get(item);
  }

  /** True once the file's probe finished (false before `watch`, too). */
  settled(item: QueueItem): boolean {
    return !!this.#previews.get(item);
  }

  /** Before each render: posters of removed rows are released; finished videos get their thumbnail. */
  hostUpdate(): void {
    const items = new Set(this.#config.items());
    for (const [item, preview] of this.#previews) {
      if (items.has(item)) continue;
      if (preview?.posterUrl) URL.revokeObjectURL(preview.posterUrl);
      this.#previews.delete(item);
    }
    for (const item of items) {
      const poster = this.#previews.get(item)?.poster;
      if (item.status.state !== 'complete' || !poster || !item.file.type.startsWith('video') || this.#thumbnailed.has(item)) continue;
      this.#thumbnailed.add(item);
      this.#config.setThumbnail(item.status.result.entryId, poster)?.catch(() => undefined);
    }
  }

  /**
   * The preview with its poster's object URL while the element is in the document, without it
   * (released) out of it. A new object when that changes, never the same one changed: a row renders
   * again only when its preview is another (file-list.ts).
   */
  #poster(preview: Preview): Preview {
    const { poster, posterUrl } = preview;
    const shown = this.#host.isConnected;
    if (!poster || shown == !!posterUrl) return preview;
    if (posterUrl) URL.revokeObjectURL(posterUrl);
    return { ...preview, posterUrl: shown ? URL.createObjectURL(poster) : undefined };
  }
}
