// The page side of `npm run soak`: uploads generated files with the engine (one per call, several
// at once with --parallel), the way an app would: it pauses and resumes when told, and when an upload fails with a retryable error it
// gives the same file to a new ChunkedUpload (what a person's "Retry" does), which finds it again
// in the resume store. It reports what a user could check: the file's sha256 and the result.
import { ChunkedUpload } from '../../src/engine/chunked-upload.ts';
import { MemoryResumeStore } from '../../src/engine/resume-store.ts';
import { bytesOf, sha256Of } from './soak-file.ts';

export interface SoakUpload {
  name: string;
  size: number;
  /** Seeds the file's bytes. */
  seed: number;
  /** Unset: the engine sizes chunks itself. */
  chunkSize?: number;
  concurrency: number;
  attachFirst: boolean;
  /** Pause when this share of the file is confirmed, for `pauseMs` (omitted: no pause). */
  pauseAt?: number;
  pauseMs: number;
  /** New ChunkedUploads after a retryable failure (a person pressing Retry). */
  userRetries: number;
}

export interface SoakOutcome {
  sha256: string;
  entryId?: string;
  uploadTokenId?: string;
  errorCode?: string;
  /** How many ChunkedUpload objects it took. */
  attempts: number;
  /** Engine retries seen (statechange `retrying`). */
  retries: number;
  paused: boolean;
  /** Every statechange, e.g. `uploading`, `retrying:TIMEOUT`, `error:INVALID_KS`. */
  states: string[];
}

declare global {
  interface Window {
    /** `current`: what each running upload has seen so far, by file name. */
    soak: { ready: true; upload(spec: SoakUpload): Promise<SoakOutcome>; current: Record<string, SoakOutcome> };
    /** Exposed by the runner: a fresh user KS from the local API. */
    newKs(): Promise<string>;
  }
}

const store = new MemoryResumeStore();

async function upload(spec: SoakUpload): Promise<SoakOutcome> {
  const bytes = bytesOf(spec.size, spec.seed);
  const sha256 = await sha256Of(bytes);
  const file = new File([bytes], spec.name, { type: 'video/mp4', lastModified: 1_700_000_000_000 + spec.seed });
  const outcome: SoakOutcome = { sha256, attempts: 0, retries: 0, paused: false, states: [] };
  window.soak.current[spec.name] = outcome;
  for (;;) {
    outcome.attempts++;
    const job = new ChunkedUpload(file, {
      serviceUrl: location.origin,
      ks: () => window.newKs(),
      chunkSize: spec.chunkSize,
      concurrency: spec.concurrency,
      attachFirst: spec.attachFirst,
      resumeStore: store,
      retry: { retries: 4, minDelay: 100, maxDelay: 1_000 },
      stallTimeout: 3_000,
      responseTimeout: 15_000,
    });
    job.addEventListener('statechange', ({ detail }) => {
      if (detail.state === 'retrying') outcome.retries++;
      outcome.states.push(detail.error ? `${detail.state}:${detail.error.code}` : detail.state);
      outcome.uploadTokenId ??= job.uploadTokenId;
    });
    job.addEventListener('progress', ({ detail }) => {
      if (outcome.paused || spec.pauseAt === undefined || detail.bytesConfirmed < spec.pauseAt * spec.size) return;
      outcome.paused = true;
      job.pause();
      setTimeout(() => job.resume(), spec.pauseMs);
    });
    try {
      const result = await job.start();
      return Object.assign(outcome, { entryId: result.entryId, uploadTokenId: result.uploadTokenId, errorCode: undefined });
    } catch (e) {
      const error = e as { code?: string; retryable?: boolean };
      outcome.errorCode = error.code ?? String(e);
      outcome.uploadTokenId = job.uploadTokenId;
      if (!error.retryable || outcome.attempts > spec.userRetries) return outcome;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

window.soak = { ready: true, upload, current: {} };
