// The page side of the element e2e tests (a real drop of a folder, a tab sent to the background,
// a frozen page): mounts one <kaltura-uploader> on the local API of this origin and keeps what a
// person would see, and what the browser was asked for (screen wake locks), on `window.elementPage`.
import '../../../src/define.ts';
import type { KalturaUploaderElement } from '../../../src/element/kaltura-uploader.ts';

export interface ElementPage {
  ready: true;
  /** Mounts a fresh uploader with these attributes and a KS. */
  mount(attrs: Record<string, string>, ks: string): void;
  /** Uploads the first `bytes` of the file picked in #file (a disk-backed File). */
  addPicked(name: string): void;
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
}

declare global {
  interface Window {
    elementPage: ElementPage;
  }
}

let el: KalturaUploaderElement | undefined;

const page: ElementPage = {
  ready: true,
  completed: [],
  errors: [],
  wakeLocks: [],
  lifecycle: [],
  mount(attrs, ks) {
    el?.remove();
    el = document.createElement('kaltura-uploader');
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    el.serviceUrl = location.origin;
    el.ks = ks;
    el.addEventListener('kaltura-upload-complete', (e) => page.completed.push({ name: e.detail.file.name, entryId: e.detail.entryId, size: e.detail.file.size }));
    el.addEventListener('kaltura-upload-error', (e) => page.errors.push(`${e.detail.file.name}: ${e.detail.error.code}`));
    document.body.append(el);
  },
  addPicked(name) {
    const picked = document.querySelector<HTMLInputElement>('#file')!.files![0]!;
    el!.addFiles([new File([picked], name, { type: picked.type })]);
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
  rowNames() {
    return [...el!.shadowRoot!.querySelectorAll('li[part~="file"] [part="name"]')].map((n) => n.textContent!);
  },
};

// Watch the wake locks the element gets (the real API, called through).
const wakeLock = navigator.wakeLock;
if (wakeLock) {
  const request = wakeLock.request.bind(wakeLock);
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
