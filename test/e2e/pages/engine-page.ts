// The page side of the reload and offline e2e tests: uploads the file picked in #file with the
// engine and a LocalStorageResumeStore, and keeps what a user would see (states, progress, the
// result) on `window.enginePage`, where it survives no reload: the test reads it, reloads, and
// starts again on the fresh page.
import { ChunkedUpload, type ChunkedUploadOptions, type UploadStateDetail } from '../../../src/engine/chunked-upload.ts';
import { LocalStorageResumeStore } from '../../../src/engine/resume-store.ts';

/** What the test may set; the page adds the service URL, the file and the resume store. */
export type EnginePageOptions = Pick<ChunkedUploadOptions, 'ks' | 'chunkSize' | 'concurrency' | 'attachFirst' | 'retry' | 'stallTimeout' | 'responseTimeout'> & { ks: string };

/** A statechange as plain data (errors reduced to their code). */
export interface SeenState {
  state: UploadStateDetail['state'];
  previous: UploadStateDetail['previous'];
  reason?: 'offline';
  attempt?: number;
  resumedFrom?: number;
  errorCode?: string;
  /** navigator.onLine when the event fired. */
  onLine: boolean;
}

export interface EnginePage {
  ready: true;
  /** Starts uploading the picked file; answers at once (the upload goes on in the page). */
  start(options: EnginePageOptions): void;
  states: SeenState[];
  /** `online` / `offline` window events, in order. */
  networkEvents: string[];
  bytesConfirmed: number;
  uploadTokenId?: string;
  /** Known once the resume store holds the record (attachFirst: the entry made before the bytes). */
  recordedEntryId?: string;
  result?: { entryId: string; uploadTokenId: string };
  errorCode?: string;
  /** Every localStorage value, to check that no KS is kept there. */
  storageValues(): string[];
}

declare global {
  interface Window {
    enginePage: EnginePage;
  }
}

const input = document.querySelector<HTMLInputElement>('#file')!;
const store = new LocalStorageResumeStore();

const page: EnginePage = {
  ready: true,
  states: [],
  networkEvents: [],
  bytesConfirmed: 0,
  start(options) {
    const file = input.files?.[0];
    if (!file) throw new Error('no file picked');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, resumeStore: store, ...options });
    upload.addEventListener('statechange', ({ detail }) => {
      page.states.push({
        state: detail.state, previous: detail.previous, reason: detail.reason, attempt: detail.attempt,
        resumedFrom: detail.resumedFrom, errorCode: detail.error?.code, onLine: navigator.onLine,
      });
      page.uploadTokenId ??= upload.uploadTokenId;
    });
    upload.addEventListener('progress', ({ detail }) => {
      page.bytesConfirmed = detail.bytesConfirmed;
      page.uploadTokenId ??= upload.uploadTokenId;
      page.recordedEntryId ??= store.entries().find(([, r]) => r.uploadTokenId === upload.uploadTokenId)?.[1].entryId;
    });
    upload.start().then(
      ({ entryId, uploadTokenId }) => (page.result = { entryId, uploadTokenId }),
      (e: { code?: string }) => (page.errorCode = e?.code ?? String(e)),
    );
  },
  storageValues() {
    return Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? '');
  },
};

addEventListener('online', () => page.networkEvents.push('online'));
addEventListener('offline', () => page.networkEvents.push('offline'));
window.enginePage = page;
