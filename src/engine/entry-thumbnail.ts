// A new entry's default thumbnail from an image (the element's poster frame, read in the browser),
// set on an upload's behalf with the same service, KS and call settings as the upload: one request,
// not retried (a thumbnail is a nicety; Kaltura's conversion makes one anyway).
// Loaded with import() (by the element, once a video is uploaded): the engine's functions come as
// arguments, so this chunk imports no engine module (see thumbnail-api.ts).
import { setDefaultThumbnail, type ThumbnailCalls } from '../kaltura/thumbnail-api.js';
import type { callOnce, CallOptions, KsSource } from './options.js';

/** Uploads `image` (JPEG or PNG) as a thumbnail of `entryId` and makes it the default; rejects with an UploadError. */
export const setEntryThumbnail = ([once, ...calls]: [typeof callOnce, ...ThumbnailCalls], options: CallOptions & { ks: KsSource }, entryId: string, image: Blob): Promise<void> =>
  once(options, (ctx) => setDefaultThumbnail(calls, ctx, entryId, image));
