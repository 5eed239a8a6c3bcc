// The page side of `npm run bench`'s element measures: a real <kaltura-uploader> on the local API.
// Many small files (the time to add them, the main thread's long tasks while they upload), and one
// large file picked by the driver (uploaded while the driver keeps the tab visible or in the
// background), with the timer rate of the page measured alongside to show what the tab got.
import '../../src/define.ts';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.ts';

export interface LongTasks {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface ElementBenchPage {
  ready: boolean;
  /** Adds `count` files of `size` bytes to a fresh uploader in manual mode; ms until they are rendered. */
  addMany(count: number, size: number): Promise<{ addMs: number; longTasks: LongTasks; rows: number }>;
  /** Starts the files `addMany` added and waits until every one is complete. */
  uploadAdded(): Promise<{ ms: number; longTasks: LongTasks }>;
  /** Uploads the picked file (its first `bytes`) through a fresh uploader; also how often a 10 ms timer fired meanwhile. */
  uploadPicked(bytes: number): Promise<{ ms: number; timerHz: number; visibility: string }>;
  /** Removes every uploader. */
  clear(): void;
}

declare global {
  interface Window {
    elementBench: ElementBenchPage;
  }
}

const input = document.querySelector<HTMLInputElement>('#file')!;

async function freshKs(): Promise<string> {
  return (await fetch('/__dev/session', { method: 'POST' })).json() as Promise<string>;
}

async function mount(attrs: Record<string, string>): Promise<KalturaUploaderElement> {
  const el = document.createElement('kaltura-uploader');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.serviceUrl = location.origin;
  el.ks = await freshKs();
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** Long tasks (> 50 ms on the main thread) from now until `stop()`. */
function watchLongTasks(): () => LongTasks {
  const entries: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  return () => {
    entries.push(...observer.takeRecords());
    observer.disconnect();
    const durations = entries.map((e) => e.duration);
    return { count: durations.length, totalMs: durations.reduce((a, b) => a + b, 0), maxMs: Math.max(0, ...durations) };
  };
}

/** After the next frame was painted (a timer queued from a frame callback runs after it). */
const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

let many: KalturaUploaderElement | undefined;

const page: ElementBenchPage = {
  ready: true,
  async addMany(count, size) {
    many = await mount({ manual: '', multiple: '', 'no-unload-guard': '', 'hide-interrupted': '' });
    const files = Array.from({ length: count }, (_, i) => new File([new Uint8Array(size).fill(i % 251)], `small-${i}.mp4`, { type: 'video/mp4' }));
    await painted();
    const stop = watchLongTasks();
    const t0 = performance.now();
    many.addFiles(files);
    await many.updateComplete;
    await painted();
    const addMs = performance.now() - t0;
    return { addMs, longTasks: stop(), rows: many.shadowRoot!.querySelectorAll('li[part~="file"]').length };
  },
  async uploadAdded() {
    const el = many!;
    const total = el.shadowRoot!.querySelectorAll('li[part~="file"]').length;
    let done = 0;
    const finished = new Promise<void>((resolve, reject) => {
      el.addEventListener('kaltura-upload-complete', () => ++done === total && resolve());
      el.addEventListener('kaltura-upload-error', (e) => reject(new Error(`${e.detail.file.name}: ${e.detail.error.code} ${e.detail.error.message}`)));
    });
    const stop = watchLongTasks();
    const t0 = performance.now();
    el.start();
    await finished;
    return { ms: performance.now() - t0, longTasks: stop() };
  },
  async uploadPicked(bytes) {
    const picked = input.files?.[0];
    if (!picked) throw new Error('no file picked');
    const el = await mount({ 'no-unload-guard': '', 'hide-interrupted': '' });
    el.uploadOptions = { resumeStore: undefined };
    let ticks = 0;
    const tick = () => {
      ticks++;
      timer = setTimeout(tick, 10);
    };
    let timer = setTimeout(tick, 10);
    const t0 = performance.now();
    const complete = new Promise<void>((resolve, reject) => {
      el.addEventListener('kaltura-upload-complete', () => resolve(), { once: true });
      el.addEventListener('kaltura-upload-error', (e) => reject(new Error(`${e.detail.error.code}: ${e.detail.error.message}`)), { once: true });
    });
    el.addFiles([new File([picked.slice(0, bytes)], 'background.mp4', { type: 'video/mp4' })]);
    await complete;
    const ms = performance.now() - t0;
    clearTimeout(timer);
    const visibility = document.visibilityState;
    el.remove();
    return { ms, timerHz: ticks / (ms / 1000), visibility };
  },
  clear() {
    for (const el of document.querySelectorAll('kaltura-uploader')) el.remove();
    many = undefined;
  },
};

window.elementBench = page;
