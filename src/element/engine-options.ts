// The element's attributes as engine options: one place that decides which KS a file's engine
// gets (the `ks` attribute first, then `ksProvider` for every later request), which attributes win
// over `uploadOptions`, and which resume store is used when none is given.
import type { ChunkedUploadOptions, KsSource } from '../engine/chunked-upload.js';
import { LocalStorageResumeStore, type ResumeStore } from '../engine/resume-store.js';
import type { MetadataFields } from './controllers/upload-queue.js';

/** The element properties that become engine options. */
export interface UploaderSettings {
  serviceUrl: string;
  ks: string;
  ksProvider?: () => string | Promise<string>;
  partnerId?: number;
  chunkSize?: number;
  concurrency?: number;
  maxFileSize?: number;
  uploadOptions: Partial<ChunkedUploadOptions>;
}

/** The service, partner and KS: what any call needs (the engine's, or deleting a forgotten token). */
export function serverOptions(s: UploaderSettings): { serviceUrl: string; ks: KsSource; partnerId?: number } {
  return {
    serviceUrl: s.serviceUrl,
    ks: s.ksProvider && !s.ks ? s.ksProvider : s.ks,
    ...(s.partnerId != null && { partnerId: s.partnerId }),
  };
}

/** The options of one file's engine; `fields` are its metadata (in `metadata` mode). */
export function engineOptions(s: UploaderSettings, fields: MetadataFields | undefined, resumeStore: ResumeStore | undefined): ChunkedUploadOptions {
  const provider = s.ksProvider;
  const options = {
    ...serverOptions(s),
    chunkSize: s.chunkSize,
    concurrency: s.concurrency,
    maxFileSize: s.maxFileSize,
    // Merged into `uploadOptions.entry`, so fields the form does not show (categories, conversionProfileId, referenceId) stay;
    // the row's own object, so a recording's fields edited while it uploads reach the entry.
    entry: fields && Object.assign(fields, { ...s.uploadOptions.entry, ...fields }),
    resumeStore,
  };
  if (provider) {
    // With a provider, use `ks` first (when set) and the provider for every later request.
    let initial = s.ks;
    options.ks = () => {
      const ks = initial;
      initial = '';
      return ks || provider();
    };
  }
  // Unset numeric attributes must not override the engine's defaults.
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v != null && v === v));
  return { ...s.uploadOptions, ...set } as ChunkedUploadOptions;
}

/** A `LocalStorageResumeStore` where localStorage can be used, else undefined (sandboxed frames throw on reading it). */
export function localResumeStore(): ResumeStore | undefined {
  try {
    return globalThis.localStorage ? new LocalStorageResumeStore() : undefined;
  } catch {
    return undefined;
  }
}
