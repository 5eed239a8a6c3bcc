// Giving a new entry its thumbnail at once, before Kaltura's conversion makes one:
// `thumbAsset.addFromImage` and `thumbAsset.setAsDefault` in one multipart multirequest (the image
// travels as `1:fileData`; kaltura-protocol.md 2.4, 14.10). Both are open to a USER KS on its own
// entries. The calls are handed in (client.ts's callKalturaForm and apiException): the element loads
// this with import() once a video is uploaded, and a lazy chunk that imported the engine's modules
// would make the bundler split those into a chunk the page loads up front.
import type { apiException, callKalturaForm, CallContext } from './client.js';

/** client.ts's functions this uses, in this order. */
export type ThumbnailCalls = [callKalturaForm: typeof callKalturaForm, apiException: typeof apiException];

/** Uploads `image` (a JPEG or PNG) as a thumbnail of `entryId` and makes it the default; rejects with an UploadError. */
export async function setDefaultThumbnail([callKalturaForm, apiException]: ThumbnailCalls, ctx: CallContext, entryId: string, image: Blob, fileName = 'poster.jpg'): Promise<void> {
  const answer = await callKalturaForm<unknown[]>(ctx, 'multirequest', undefined, {
    '1:service': 'thumbasset', '1:action': 'addFromImage', '1:entryId': entryId,
    '2:service': 'thumbasset', '2:action': 'setAsDefault', '2:thumbAssetId': '{1:result:id}',
  }, ['1:fileData', image, fileName]);
  const [added, set] = Array.isArray(answer) ? answer : [];
  const error = apiException(added, 'thumbasset.addFromImage') ?? apiException(set, 'thumbasset.setAsDefault');
  if (error) throw error;
}
