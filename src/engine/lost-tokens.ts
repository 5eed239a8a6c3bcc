// Tokens made by an `uploadToken.add` whose answer never came (a connection reset after the
// server made the token): their id was in the lost answer, so the upload cannot name them, and a
// retried add makes the token it goes on with. Once the upload is done (complete or cancelled),
// they are found and deleted: the user's tokens with this file's name and size that never got a
// byte (PENDING, nothing attached), made between the first add going out and the token this upload
// kept, at most two per try whose answer was lost (a browser may have sent that try again by itself,
// on a reset connection, and lost that answer too). Loaded only after such a try.
//
// Why that is this upload's own: a user KS lists only its user's tokens, and another upload of the
// same file (another tab) whose token was made in the same few seconds has sent its first chunk
// long before this one ends (it is then PARTIAL, not PENDING). The one case left, such an upload
// paused before its first byte for all that time, would find its token gone and start over on a
// new one. Streams have no size at `add`: theirs are left (Kaltura expires them).
import type { deleteUploadToken } from '../kaltura/upload-api.js';
import type { callKaltura } from '../kaltura/client.js';
import type { KalturaUploadToken } from '../kaltura/types.js';
import type { request, RequestHost } from './request-loop.js';

/** The tries of one `uploadToken.add` whose answers were lost, and the ms from the first going out to the kept token's answer. */
export type LostAdds = [tries: number, ms: number];

/** What this module is handed instead of importing it (small-file.ts says why). */
export type LostTokenTools = [typeof request, typeof callKaltura, typeof deleteUploadToken];

export async function deleteLostTokens(host: RequestHost, kept: KalturaUploadToken, file: unknown, [tries, ms]: LostAdds, [request, callKaltura, deleteUploadToken]: LostTokenTools): Promise<void> {
  const keptAt = Number(kept.createdAt);
  if (!keptAt || !(file instanceof Blob)) return;
  // How much older than the kept token they can be, in Kaltura's whole seconds.
  const seconds = Math.ceil(ms / 1000) + 1;
  const list = await request(host, (ctx) => callKaltura<{ objects?: KalturaUploadToken[] }>(ctx, 'uploadtoken', 'list', {
    filter: { objectType: 'KalturaUploadTokenFilter', fileNameEqual: host.options.fileName, fileSizeEqual: file.size, statusEqual: 0, orderBy: '-createdAt' },
    pager: { pageSize: 100 },
  }), undefined, true).catch(() => undefined);
  const lostOnes = (Array.isArray(list?.objects) ? list.objects : [])
    .filter((t) => t.id !== kept.id && !Number(t.uploadedFileSize) && !t.attachedObjectId && Number(t.createdAt) <= keptAt && Number(t.createdAt) >= keptAt - seconds)
    // Two a try: the browser may have sent that try again by itself, and lost that answer too.
    .slice(0, 2 * tries);
  for (const t of lostOnes) await request(host, (ctx) => deleteUploadToken(ctx, t.id), undefined, true).catch(() => {});
}
