// Shared set-up for the element's browser tests: mount a real <kaltura-uploader> wired to the
// local API on this origin, find rows and buttons the way a person sees them, and wait for states.
import '../../src/define.js';
import type { KalturaUploaderElement } from '../../src/element/kaltura-uploader.js';
import type { KalturaUploaderEventMap } from '../../src/element/events.js';
import { userKs } from '../helpers/kaltura-server.js';

const mounted: KalturaUploaderElement[] = [];

/**
 * A connected uploader with `serviceUrl = location.origin` and a fresh USER KS, unless the
 * attributes or properties given say otherwise.
 */
export async function mountUploader(
  attrs: Record<string, string | boolean> = {},
  props: Partial<KalturaUploaderElement> = {},
  parent: Node = document.body,
): Promise<KalturaUploaderElement> {
  const el = document.createElement('kaltura-uploader');
  for (const [name, value] of Object.entries(attrs)) if (value !== false) el.setAttribute(name, value === true ? '' : value);
  if (!('service-url' in attrs)) el.serviceUrl = location.origin;
  if (!('ks' in attrs) && !('ks' in props) && !props.ksProvider) el.ks = await userKs();
  Object.assign(el, props);
  parent.appendChild(el);
  mounted.push(el);
  await el.updateComplete;
  return el;
}

/** The prefix of the resume store an uploader makes for itself (`LocalStorageResumeStore`'s default). */
export const DEFAULT_RESUME_PREFIX = 'kaltura-chunked-upload:';

/** Removes every localStorage key that starts with `prefix`. */
export function clearStoredRecords(prefix = DEFAULT_RESUME_PREFIX): void {
  for (const key of Object.keys(localStorage)) if (key.startsWith(prefix)) localStorage.removeItem(key);
}

/**
 * Cancels and removes every uploader a test mounted, and forgets the uploads they remembered in
 * localStorage (a failed upload keeps its record), so no test sees another's interrupted uploads.
 */
export async function unmountAll(): Promise<void> {
  for (const el of mounted.splice(0)) {
    el.cancel();
    el.remove();
  }
  clearStoredRecords();
}

/** Deterministic, non-repeating bytes, so a misplaced chunk changes the sha256. */
export function makeFile(size: number, name: string, type = 'video/mp4'): File {
  const bytes = new Uint8Array(size);
  let x = (size ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return new File([bytes], name, { type });
}

export const shadow = (el: KalturaUploaderElement): ShadowRoot => el.shadowRoot!;

export const rows = (el: KalturaUploaderElement): HTMLLIElement[] => [...shadow(el).querySelectorAll<HTMLLIElement>('li[part~="file"]')];

/** The row of the file called `name`. */
export function row(el: KalturaUploaderElement, name: string): HTMLLIElement {
  const found = rows(el).find((li) => li.querySelector('[part="name"]')?.textContent === name);
  if (!found) throw new Error(`no row for ${name}`);
  return found;
}

/** Text with runs of whitespace (Intl puts no-break spaces in numbers) as single spaces. */
export const norm = (text: string | null | undefined): string => (text ?? '').replace(/\s+/g, ' ').trim();

export const rowState = (el: KalturaUploaderElement, name: string): string | undefined => row(el, name).dataset.state;

/** The state in words, as shown on the row. */
export const stateText = (el: KalturaUploaderElement, name: string): string =>
  norm(row(el, name).querySelector('[part="state"]')!.textContent);

/** A row's button, e.g. `rowButton(el, 'a.mp4', 'pause')`. */
export function rowButton(el: KalturaUploaderElement, name: string, action: string): HTMLButtonElement | null {
  return row(el, name).querySelector<HTMLButtonElement>(`button[part~="${action}-button"]`);
}

export const dropzone = (el: KalturaUploaderElement): HTMLButtonElement => shadow(el).querySelector('[part~="dropzone"]')!;

export const announcer = (el: KalturaUploaderElement): HTMLElement => shadow(el).querySelector('[role="status"]')!;

/** Polls until `check()` holds; fails with `what` after `timeoutMs` (a bound, not a measurement). */
export async function waitFor(check: () => unknown, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  // A check that throws (e.g. the row is not rendered yet) counts as "not yet".
  const holds = () => {
    try {
      return check();
    } catch {
      return false;
    }
  };
  while (!holds()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until the row of `name` shows `state` (rendered). */
export async function untilState(el: KalturaUploaderElement, name: string, state: string, timeoutMs?: number): Promise<void> {
  await waitFor(() => rows(el).some((li) => li.querySelector('[part="name"]')?.textContent === name) && rowState(el, name) === state,
    `${name} to be ${state} (it is ${rows(el).length ? rowState(el, name) : 'not listed'})`, timeoutMs);
  await el.updateComplete;
}

/** The next `type` event from `el` whose detail passes `accept`. */
export function nextEvent<K extends keyof KalturaUploaderEventMap>(
  el: EventTarget,
  type: K,
  accept: (detail: KalturaUploaderEventMap[K]['detail']) => boolean = () => true,
): Promise<KalturaUploaderEventMap[K]['detail']> {
  return new Promise((resolve) => {
    const listener = (e: Event) => {
      const detail = (e as KalturaUploaderEventMap[K]).detail;
      if (!accept(detail)) return;
      el.removeEventListener(type, listener);
      resolve(detail);
    };
    el.addEventListener(type, listener);
  });
}

/** Every text a part of the shadow root ever showed, e.g. every state in words of every row. */
export function recordTexts(el: KalturaUploaderElement, part: string): Set<string> {
  const seen = new Set<string>();
  const read = () => shadow(el).querySelectorAll(`[part="${part}"]`).forEach((n) => seen.add(n.textContent!.trim()));
  const observer = new MutationObserver(read);
  observer.observe(shadow(el), { subtree: true, childList: true, characterData: true });
  read();
  return seen;
}

/**
 * Three uploaders showing the row states a person meets (for axe and touch-target checks): rows
 * waiting with metadata fields and one rejected (too big), one failed (a bad KS), one complete.
 */
export async function mountEveryRowState(waitingAttrs: Record<string, string | boolean> = {}): Promise<KalturaUploaderElement[]> {
  const waiting = await mountUploader({ multiple: true, metadata: true, 'max-file-size': '100000', ...waitingAttrs });
  waiting.addFiles([makeFile(2000, 'waiting.mp4'), makeFile(200000, 'too-big.mp4')]);
  const failing = await mountUploader({ ks: 'not-a-real-ks' });
  failing.addFiles([makeFile(2000, 'failing.mp4')]);
  const done = await mountUploader();
  done.addFiles([makeFile(2000, 'done.mp4')]);
  await untilState(failing, 'failing.mp4', 'error');
  await untilState(done, 'done.mp4', 'complete');
  for (const el of [waiting, failing, done]) await el.updateComplete;
  return [waiting, failing, done];
}
