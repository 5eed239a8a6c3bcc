// The engine's options: documented on the type (so editors show them), defaults and checks applied
// once by `resolveOptions()`, and the Kaltura call settings derived from them in one place, for
// the engine and for anything else that calls Kaltura on an upload's behalf (forgetting an
// interrupted upload).
import { UploadError } from '../errors.js';
import type { CallContext } from '../kaltura/client.js';
import { browserTransport, type Transport } from '../kaltura/transport.js';
import type { EntryFields } from '../kaltura/types.js';
import { DEFAULT_RESUME_MAX_AGE, type ResumeStore } from './resume-store.js';
import { defaultRetry, type RetryOptions } from './retry-policy.js';
import type { StreamSource } from './stream/stream-source.js';
import type { EnrichmentOptions } from './enrichment/enrichment-options.js';

export type KsSource = string | (() => string | Promise<string>);

export interface ChunkedUploadOptions extends EnrichmentOptions {
  /** Kaltura service URL without `/api_v3`, e.g. `https://www.kaltura.com` (a trailing `/` or `/api_v3` is tolerated). Required. */
  serviceUrl: string;
  /**
   * The Kaltura Session, or a function that returns one. A function is called again (once, for
   * all chunks in flight) when the server answers `INVALID_KS`, and the failed request is replayed;
   * a KS it has just returned that is refused too ends the upload.
   */
  ks: KsSource;
  /** Partner id, sent with every call when given. */
  partnerId?: number;
  /**
   * Bytes per chunk, used exactly (the last chunk is shorter), and no whole-file request. Without
   * it the engine sizes chunks itself: a first chunk of a 128th of the file (1 MiB to 4 MiB)
   * measures how fast the server answers, later chunks aim at about 2 s each (1 MiB to 64 MiB,
   * smaller after a failure), and when the whole file would take no more than about 5 s at that
   * rate, the File itself goes in one request (a File uploads about twice as fast as any slice of
   * it in Chromium).
   * @default undefined (sized by the engine)
   */
  chunkSize?: number;
  /** Chunk requests in flight at once (the first and the final chunk always go alone). @default 6 */
  concurrency?: number;
  /**
   * The page's budget of requests in flight per host, counted across every upload in the page
   * (the element's too): a request goes out only while fewer than this many are in flight to its
   * host; the others wait their turn, their stall timers not yet running. Browsers open 6
   * HTTP/1.1 connections per host and queue the rest where no progress shows (a stall); raise it
   * for a host that speaks HTTP/2.
   * @default 6
   */
  maxConnections?: number;
  /**
   * Replace this entry's media instead of making a new entry: the file goes into an upload token
   * as usual, then `media.updateContent`; `start()` resolves with the same entry id once the
   * replacement settled (`result.replacement`). An entry without content (status 7, e.g. from
   * `prepareEntry`) simply gets the file. `attachFirst` does not apply. Kept in the resume record.
   */
  replaceEntryId?: string;
  /** Fields for `media.add`; `name` defaults to the file name. */
  entry?: EntryFields;
  /** The file name; required when `file` is a Blob without a name. */
  fileName?: string;
  /** Refuse larger files with `FILE_TOO_LARGE` before any request. @default undefined (no limit) */
  maxFileSize?: number;
  /**
   * Retries of a request that got no answer, timed out, or got HTTP 5xx/408/429 (Kaltura's own
   * errors are never retried blindly). Delays double from `minDelay` up to `maxDelay`, with jitter;
   * a Retry-After header may ask for longer (up to 4 × maxDelay). The count starts again whenever a
   * chunk is confirmed; when it is spent, `start()` rejects with a `retryable: true` error.
   * @default {retries: 8, minDelay: 500, maxDelay: 20000}
   */
  retry?: RetryOptions;
  /**
   * A chunk request that shows no upload progress for this many ms, or a small JSON call not
   * answered within it, is aborted and retried (while the browser is offline: after 2 s).
   * @default 30000
   */
  stallTimeout?: number;
  /**
   * A chunk whose answer takes longer than this many ms after its bytes were sent is retried
   * (Kaltura's final-chunk merge may wait up to about 45 s). @default 120000
   */
  responseTimeout?: number;
  /** Free text Kaltura logs with each call. @default 'kaltura-chunked-upload' */
  clientTag?: string;
  /**
   * Where unfinished uploads are remembered (per file fingerprint: name, size, lastModified,
   * partner id and a hash of the first and last 64 KiB) so the same file given to a new
   * `ChunkedUpload` (after a reload or a crash) continues at the server's `uploadedFileSize`.
   * Records hold the upload token id, entry id, chunk size, bytes confirmed (refreshed at most
   * about once a second) and times, never the KS; they are removed on completion and on cancel.
   * Use `LocalStorageResumeStore` to survive reloads.
   * @default undefined (no resuming across objects)
   */
  resumeStore?: ResumeStore;
  /** A remembered upload whose record is older than this many ms (since `createdAt`) starts over. @default 86400000 (24 h) */
  resumeMaxAge?: number;
  /**
   * Create the entry first, as KMC-ng does: `uploadToken.add`, `media.add` and `media.addContent`
   * before any bytes. An interrupted upload then leaves an entry (status IMPORT) that a resumed
   * upload completes; the final chunk's answer (token CLOSED) means success.
   * @default false
   */
  attachFirst?: boolean;
  /**
   * Send the chunks to the token's `uploadUrl` (its data centre's upload host, e.g.
   * `https://ny-upload.kaltura.com`) when Kaltura names one, instead of `serviceUrl`. Kaltura's own
   * clients ignore it (Kaltura forwards chunks to the right data centre itself), so it is opt-in;
   * the host must allow your origin (CORS) as `serviceUrl` does.
   * @default false
   */
  useUploadUrl?: boolean;
  /**
   * How requests go out: one function per HTTP POST. For tests (a scriptable fake) and unusual
   * runtimes; the KS is part of the request body it is given.
   * @default XMLHttpRequest (it reports upload progress)
   */
  transport?: Transport;
}

/**
 * A fixed `chunkSize` that suits most links, for when one is wanted: 16 MiB (within what kaltura.com
 * is known to accept). Without `chunkSize` the engine sizes chunks itself.
 */
export const DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;
/** Chunk requests in flight at once by default: 6, what a browser opens to one host over HTTP/1.1. */
export const DEFAULT_CONCURRENCY = 6;

/** The options with the engine's defaults filled in, checked (call settings get theirs in `callContext`). */
export interface ResolvedOptions extends ChunkedUploadOptions {
  concurrency: number;
  fileName: string;
  retry: Required<RetryOptions>;
  resumeMaxAge: number;
  attachFirst: boolean;
  /** Where chunks go when not to `serviceUrl`: set from the token with `useUploadUrl`. */
  uploadUrl?: string;
}

/** The options of calls made outside an upload (e.g. deleting a forgotten token): only these matter. */
export type CallOptions = Pick<ChunkedUploadOptions, 'serviceUrl' | 'partnerId' | 'clientTag' | 'stallTimeout' | 'responseTimeout' | 'transport' | 'maxConnections'>;

/**
 * Fills in the defaults and checks the options against the file: `INVALID_OPTIONS` for a
 * programming error, `EMPTY_FILE` / `FILE_TOO_LARGE` for a file that cannot be uploaded.
 */
export function resolveOptions(file: Blob | StreamSource, o: ChunkedUploadOptions): ResolvedOptions {
  const invalid = (message: string) => new UploadError('INVALID_OPTIONS', message);
  if (!o || typeof o.serviceUrl !== 'string' || !/^https?:\/\//.test(o.serviceUrl)) throw invalid('`serviceUrl` must be an http(s) URL');
  if (!o.ks || (typeof o.ks !== 'string' && typeof o.ks !== 'function')) throw invalid('`ks` is required: a KS or a function returning one');
  const fileName = o.fileName || (file as File).name;
  if (!fileName) throw invalid('`fileName` is required for a Blob without a name');
  for (const name of ['chunkSize', 'concurrency', 'maxConnections'] as const) {
    const v = o[name];
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) throw invalid(`\`${name}\` must be a positive whole number`);
  }
  if (file.size === 0) throw new UploadError('EMPTY_FILE', `"${fileName}" is empty`);
  if (o.maxFileSize != null && file.size > o.maxFileSize) {
    throw new UploadError('FILE_TOO_LARGE', `"${fileName}" is ${file.size} bytes, more than the ${o.maxFileSize} allowed`);
  }
  return {
    ...o,
    fileName,
    concurrency: o.concurrency ?? DEFAULT_CONCURRENCY,
    retry: { ...defaultRetry, ...o.retry },
    resumeMaxAge: o.resumeMaxAge ?? DEFAULT_RESUME_MAX_AGE,
    attachFirst: !o.replaceEntryId && !!o.attachFirst,
  };
}

/** The Kaltura call context for `ks`, aborted by `signal`, with the call settings' defaults. */
export function callContext(o: CallOptions & { uploadUrl?: string }, ks: string, signal: AbortSignal): CallContext {
  return {
    serviceUrl: o.serviceUrl, uploadUrl: o.uploadUrl, ks, partnerId: o.partnerId, signal,
    transport: o.transport ?? browserTransport,
    clientTag: o.clientTag ?? 'kaltura-chunked-upload',
    stallTimeout: o.stallTimeout ?? 30_000,
    answerTimeout: o.responseTimeout ?? 120_000,
    maxConnections: o.maxConnections ?? 6,
  };
}

/**
 * One call made on an upload's behalf outside an upload (deleting a forgotten token, setting a
 * thumbnail): the KS asked for once, the call sent once, never aborted.
 */
export async function callOnce<T>(o: CallOptions & { ks: KsSource }, call: (ctx: CallContext) => Promise<T>): Promise<T> {
  const ks = typeof o.ks === 'function' ? await o.ks() : o.ks;
  return call(callContext(o, ks, new AbortController().signal));
}
