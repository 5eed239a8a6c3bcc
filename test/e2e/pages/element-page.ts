// The page side of the element e2e tests (a real drop of a folder, a tab sent to the background,
// a frozen page): mounts one <kaltura-uploader> on the local API of this origin and keeps what a
// person would see, and what the browser was asked for (screen wake locks), on `window.elementPage`.
import '../../../src/define.ts';
import type { KalturaUploaderElement } from '../../../src/element/kaltura-uploader.ts';
import { makeWebm } from '../../helpers/media-files.ts';
import { watchObjectUrls } from '../../helpers/object-urls.ts';

export interface ElementPage {
  ready: true;
  /** Mounts a fresh uploader with these attributes and a KS. */
  mount(attrs: Record<string, string>, ks: string): void;
  /** Uploads the file picked in #file, as a copy named `name`. */
  addPicked(name: string): void;
  /** Uploads the file picked in #file itself (its name and lastModified: the same resume key in every tab). */
  addPickedAsIs(): void;
  /** The element's `interruptedUploads()`, as plain data. */
  interrupted(): Promise<{ key: string; fileName: string; uploadTokenId: string }[]>;
  /** The element's `forgetInterruptedUpload(key)`. */
  forget(key: string): Promise<void>;
  /** The records in localStorage (the element's default resume store), by key. */
  records(): Record<string, { uploadTokenId: string }>;
  /** Every kaltura-upload-statechange, as `name:state`. */
  states: string[];
  /** Object URLs the page made and has not revoked (URL.createObjectURL / revokeObjectURL, called through). */
  liveObjectUrls(): number;
  /**
   * `cycles` times: a new uploader (as a route of a single-page app mounts one), a short video
   * added to it, and the element removed again: on even cycles once its upload completed, on odd
   * ones while it uploads (it completes unseen). Resolves once every upload completed; the page
   * keeps no reference to the elements.
   */
  mountCycles(cycles: number, ks: string): Promise<number>;
  /**
   * Cycles of mountCycles whose row showed no poster within 8 s (the probe gives up after 5 s: then
   * the element is removed all the same, and the cycle counted here).
   */
  posterlessCycles: number;
  /** The names on the rows, in order. */
  rowNames(): string[];
  completed: { name: string; entryId: string; size: number }[];
  errors: string[];
  /** Every screen wake lock the element was granted, and whether it was let go since. */
  wakeLocks: { released: boolean }[];
  /** `freeze` / `resume` / `visibilitychange` events, with the visibility then. */
  lifecycle: string[];
  /** How many times a second a 10 ms timer chain fires over `ms` (a hidden tab's are throttled). */
  timerRate(ms: number): Promise<number>;
  /** '' when this page may hold a screen wake lock (one is taken and let go, unseen by `wakeLocks`), else why not. */
  whyNoWakeLock(): Promise<string>;
}

declare global {
  interface Window {
    elementPage: ElementPage;
  }
}

// Every object URL the page makes, and whether it was revoked.
const urls = watchObjectUrls();
const liveObjectUrls = () => urls.live.size;

let video: Promise<File> | undefined;
async function mountCycles(cycles: number, ks: string): Promise<number> {
  video ??= makeWebm('cycle.webm', 0.5, 160, 120);
  const file = await video;
  let completed = 0;
  for (let i = 0; i < cycles; i++) {
    const uploader = document.createElement('kaltura-uploader');
    uploader.serviceUrl = location.origin;
    uploader.ks = ks;
    uploader.setAttribute('chunk-size', '65536');
    document.body.append(uploader);
    const done = new Promise<void>((resolve) => uploader.addEventListener('kaltura-upload-complete', () => resolve(), { once: true }));
    const poster = async () => {
      for (const end = Date.now() + 8000; !uploader.shadowRoot?.querySelector('[part="poster"]'); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > end) return void page.posterlessCycles++;
      }
    };
    uploader.addFiles([file]);
    if (i % 2) {
      // Away mid-upload, once its poster shows: a route change.
      await poster();
      uploader.remove();
      await done;
    } else {
      await done;
      await poster();
      uploader.remove();
    }
    completed++;
  }
  return completed;
}

let el: KalturaUploaderElement | undefined;
const wakeLock = navigator.wakeLock;
const request = wakeLock?.request.bind(wakeLock);

const page: ElementPage = {
  ready: true,
  completed: [],
  errors: [],
  wakeLocks: [],
  states: [],
  liveObjectUrls,
  mountCycles,
  posterlessCycles: 0,
  lifecycle: [],
  mount(attrs, ks) {
    el?.remove();
    el = document.createElement('kaltura-uploader');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.serviceUrl = location.origin;
    el.ks = ks;
    el.addEventListener('kaltura-upload-complete', (e) => page.completed.push({ name: e.detail.file.name, entryId: e.detail.entryId, size: e.detail.file.size }));
    el.addEventListener('kaltura-upload-error', (e) => page.errors.push(`${e.detail.file.name}: ${e.detail.error.code}`));
    el.addEventListener('kaltura-upload-statechange', (e) => page.states.push(`${e.detail.file.name}:${e.detail.state}`));
    document.body.append(el);
  },
  addPicked(name) {
    const picked = document.querySelector<HTMLInputElement>('#file')!.files![0]!;
    el!.addFiles([new File([picked], name, { type: picked.type })]);
  },
  addPickedAsIs() {
    el!.addFiles([document.querySelector<HTMLInputElement>('#file')!.files![0]!]);
  },
  async interrupted() {
    return (await el!.interruptedUploads()).map(({ key, fileName, uploadTokenId }) => ({ key, fileName, uploadTokenId }));
  },
  forget(key) {
    return el!.forgetInterruptedUpload(key);
  },
  records() {
    const prefix = 'kaltura-chunked-upload:';
    return Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), JSON.parse(localStorage.getItem(k)!)]));
  },
  timerRate(ms) {
    return new Promise((resolve) => {
      let fired = 0;
      const t0 = performance.now();
      const tick = () => {
        if (performance.now() - t0 >= ms) return resolve((fired * 1000) / ms);
        fired++;
        setTimeout(tick, 10);
      };
      tick();
    });
  },
  async whyNoWakeLock() {
    if (!request) return 'no navigator.wakeLock';
    try {
      await (await request('screen')).release();
      return '';
    } catch (e) {
      return `navigator.wakeLock.request refused: ${(e as Error).name}: ${(e as Error).message}`;
    }
  },
  rowNames() {
    return [...el!.shadowRoot!.querySelectorAll('li[part~="file"] [part="name"]')].map((n) => n.textContent!);
  },
};

// Watch the wake locks the element gets (the real API, called through).
if (wakeLock && request) {
  wakeLock.request = async (type) => {
    const sentinel = await request(type);
    const seen = { released: false };
    page.wakeLocks.push(seen);
    sentinel.addEventListener('release', () => (seen.released = true));
    return sentinel;
  };
}
for (const type of ['freeze', 'resume', 'visibilitychange']) {
  document.addEventListener(type, () => page.lifecycle.push(`${type}:${document.visibilityState}`));
}

window.elementPage = page;
