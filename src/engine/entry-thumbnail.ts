// A new entry's default thumbnail from an image (the element's poster frame, read in the browser),
// set on an upload's behalf with the same service, KS and call settings as the upload: one request,
// not retried (a thumbnail is a nicety; Kaltura's conversion makes one anyway).
import { setDefaultThumbnail } from '../kaltura/thumbnail-api.js';
import { callOnce, type CallOptions, type KsSource } from './options.js';

/** Uploads `image` (JPEG or PNG) as a thumbnail of `entryId` and makes it the default; rejects with an UploadError. */
export const setEntryThumbnail = (options: CallOptions & { ks: KsSource }, entryId: string, image: Blob): Promise<void> =>
  callOnce(options, (ctx) => setDefaultThumbnail(ctx, entryId, image));
