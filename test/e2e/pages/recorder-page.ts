// The page side of the recording e2e tests: a <kaltura-uploader record> the test configures, and
// what a person or an app would see of it on `window.recorderPage` (the events, reduced to plain
// data). The test harness also taps MediaRecorder (never the library's code): every piece a
// recorder gives out is kept here, so a test knows the exact bytes recorded, and can pause the
// recorder to hold its output still before a reload.
import '../../../src/define.ts';
import type { KalturaUploaderElement } from '../../../src/element/kaltura-uploader.ts';
import { storedPieces } from '../../helpers/spill-storage.ts';

export interface SeenEvent {
  type: string;
  fileName: string;
  code?: string;
  entryId?: string;
  uploadTokenId?: string;
  state?: string;
}

export interface RecorderPage {
  ready: true;
  /** Connects the uploader to the local API on this origin with `ks`; `attrs` are set on it. */
  configure(ks: string, attrs?: Record<string, string>): void;
  events: SeenEvent[];
  /** Bytes every MediaRecorder of this page gave out so far, in order. */
  recordedBytes(): number;
  /** sha256 (hex) of those bytes. */
  recordedSha256(): Promise<string>;
  /** Pauses every recorder (no more pieces) and resolves once the last piece was given out. */
  holdRecorders(): Promise<void>;
  /** Every localStorage value, to check that no KS is kept there. */
  storageValues(): string[];
  /** What the spill store (IndexedDB) holds: [key, offset, size] per piece. */
  storedPieces(): Promise<[string, number, number][]>;
}

declare global {
  interface Window {
    recorderPage: RecorderPage;
  }
}

const pieces: Blob[] = [];
const recorders: MediaRecorder[] = [];
const NativeRecorder = window.MediaRecorder;
window.MediaRecorder = class extends NativeRecorder {
  constructor(stream: MediaStream, options?: MediaRecorderOptions) {
    super(stream, options);
    recorders.push(this);
    this.addEventListener('dataavailable', (e) => e.data.size && pieces.push(e.data));
  }
} as typeof MediaRecorder;

const uploader = document.querySelector<KalturaUploaderElement>('#uploader')!;
const page: RecorderPage = {
  ready: true,
  configure(ks, attrs = {}) {
    for (const [name, value] of Object.entries(attrs)) uploader.setAttribute(name, value);
    Object.assign(uploader, { serviceUrl: location.origin, ks });
  },
  events: [],
  recordedBytes: () => pieces.reduce((sum, p) => sum + p.size, 0),
  async recordedSha256() {
    const digest = await crypto.subtle.digest('SHA-256', await new Blob(pieces).arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  },
  async holdRecorders() {
    await Promise.all(recorders.filter((r) => r.state === 'recording').map((r) => new Promise((resolve) => {
      r.addEventListener('dataavailable', resolve, { once: true });
      r.requestData();
      r.pause();
    })));
  },
  storageValues: () => Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? ''),
  storedPieces,
};
window.recorderPage = page;

for (const type of ['kaltura-upload-start', 'kaltura-upload-error', 'kaltura-upload-complete', 'kaltura-upload-statechange'] as const) {
  uploader.addEventListener(type, (e) => {
    const d = e.detail as { file: File; error?: { code: string }; entryId?: string; uploadTokenId?: string; state?: string };
    page.events.push({ type, fileName: d.file.name, code: d.error?.code, entryId: d.entryId, uploadTokenId: d.uploadTokenId, state: d.state });
  });
}
