// The page side of the strict-CSP e2e test: a <kaltura-uploader> on a page whose policy allows no
// inline style and only lit-html's Trusted Types policy. It reports what a user would see: the
// uploads that completed (entry ids), and the progress bar's fill.
import '../../../src/define.ts';
import type { KalturaUploaderElement } from '../../../src/element/kaltura-uploader.ts';

declare global {
  interface Window {
    strict: {
      ready: true;
      completed: Array<{ name: string; entryId: string }>;
      errors: string[];
      barFill(): string[];
      /** The USER KS the uploader's ksProvider gives (set by the test, from the local API). */
      ks?: string;
    };
  }
}

const uploader = document.querySelector<KalturaUploaderElement>('#uploader')!;
uploader.serviceUrl = location.origin;
uploader.partnerId = 100; // finished rows then show a thumbnail (an <img>, same origin)
uploader.ksProvider = async () => window.strict.ks ?? '';
const completed: Array<{ name: string; entryId: string }> = [];
const errors: string[] = [];
uploader.addEventListener('kaltura-upload-complete', (e) => completed.push({ name: e.detail.file.name, entryId: e.detail.entryId }));
uploader.addEventListener('kaltura-upload-error', (e) => errors.push(`${e.detail.file.name}: ${e.detail.error.code}`));

window.strict = {
  ready: true,
  completed,
  errors,
  /** `--confirmed` as each row's progress bar holds it (set through the CSSOM). */
  barFill: () => [...uploader.shadowRoot!.querySelectorAll<HTMLElement>('[part="progress-bar"]')].map((bar) => bar.style.getPropertyValue('--confirmed')),
};
