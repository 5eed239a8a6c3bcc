// The names a documentation example may use without declaring them: what the prose around a
// snippet says the page already has ("a KS function", "the file the person chose", "your server's
// `app`"). The type-check (check-types.ts) gives every example these declarations; the browser
// runner (test/docs/examples.test.ts) gives JavaScript examples the same names on `globalThis`
// (the ones a browser has: not the server-side `app`, `process`...). Keep the two in step.
import type { KalturaMediaEntry, KalturaUploaderElement, ResumeStore, UploadResult } from '../../src/index.ts';

declare global {
  /** A KS from your server: `async () => (await fetch('/kaltura-session', { method: 'POST' })).json()`. */
  const getKs: () => Promise<string>;
  /** A KS, or a function giving one. */
  const ks: string | (() => Promise<string>);
  /** The Kaltura service URL (`https://www.kaltura.com`). */
  const serviceUrl: string;
  /** The file a person chose; in the enrichment guide, the video and the files that go with it. */
  const file: File;
  const video: File;
  const srtFile: File;
  const vttFile: File;
  const slidesPdf: File;
  /** An element on the page: `document.querySelector('kaltura-uploader')`. */
  const uploader: KalturaUploaderElement;
  /** A resume store (`new LocalStorageResumeStore()`). */
  const store: ResumeStore;
  /** A new entry's id, and the entry `start()` resolved with. */
  const entryId: string;
  const entry: KalturaMediaEntry;
  const result: UploadResult;
  /** An AbortController of the page (leaving the view aborts it). */
  const controller: AbortController;
  /** The page's own UI: shows a line of text. */
  function show(text: string): void;
  function showStatus(status: number | undefined): void;

  // Server side (Node 18+, an Express-style app): for examples of your own KS endpoint. Node's own
  // names (`process`, `node:*` modules) come from @types/node, which the examples are checked with.
  /** An ADMIN KS, made and used only on your server (approving a replacement). */
  const adminKs: string;
  const app: { post(path: string, ...handlers: ((req: any, res: any, next: () => void) => unknown)[]): void };
  const requireSignedIn: (req: any, res: any, next: () => void) => void;
}
