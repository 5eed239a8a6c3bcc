// The engine's own functions the enrichment chunk works with, handed over when it is loaded
// (the same trick as the stream chunk's UploadError): were the chunk to import them, a bundler
// would move them into a chunk shared with the engine, and every page would pay for the split.
// Only types are imported here.
import type { UploadError, toUploadError } from '../../errors.js';
import type { apiException, callKaltura, uploadChunk } from '../../kaltura/client.js';
import type { request, RequestHost } from '../request-loop.js';

export type EnrichmentKit = readonly [
  request: typeof request,
  callKaltura: typeof callKaltura,
  uploadChunk: typeof uploadChunk,
  apiException: typeof apiException,
  UploadErrorClass: typeof UploadError,
  toUploadError: typeof toUploadError,
];

/** What each part of the enrichment works with: the upload's request loop (retries, KS, pause) and the kit. */
export interface EnrichmentContext {
  host: RequestHost;
  kit: EnrichmentKit;
  entryId: string;
}
