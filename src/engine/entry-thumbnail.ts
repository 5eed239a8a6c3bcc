// A new entry's default thumbnail from an image (the element's poster frame, read in the browser),
// set on an upload's behalf with the same service, KS and call settings as the upload: one request,
// not retried (a thumbnail is a nicety; Kaltura's conversion makes one anyway).
import { setDefaultThumbnail } from '../kaltura/thumbnail-api.js';
import { callContext, type CallOptions, type KsSource } from './options.js';

/** Uploads `image` (JPEG or PNG) as a thumbnail of `entryId` and makes it the default; rejects with an UploadError. */
export async function setEntryThumbnail(options: CallOptions & { ks: KsSource }, entryId: string, image: Blob): Promise<void> {
  const ks = typeof options.ks === 'string' ? options.ks : await options.ks();
  await setDefaultThumbnail(callContext(options, ks, new AbortController().signal), entryId, image);
}
