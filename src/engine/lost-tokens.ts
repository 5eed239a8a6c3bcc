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

/** What the tries of one `uploadToken.add` whose answers were lost may have made. */
export interface LostAdds {
  /** The most tokens they made (two a try). */
  count: number;
  /** Seconds from the first try going out to the kept token's answer (rounded up): how much older than the kept token they can be. */
  seconds: number;
}

/** What this module is handed instead of importing it (small-file.ts says why). */
export interface LostTokenTools {
  request: typeof request;
  callKaltura: typeof callKaltura;
  deleteUploadToken: typeof deleteUploadToken;
}

export async function deleteLostTokens(host: RequestHost, kept: KalturaUploadToken, fileName: string, fileSize: number, lost: LostAdds, tools: LostTokenTools): Promise<void> {
  const { request, callKaltura, deleteUploadToken } = tools;
  const keptAt = Number(kept.createdAt);
  if (!keptAt) return;
  const list = await request(host, (ctx) => callKaltura<{ objects?: KalturaUploadToken[] }>(ctx, 'uploadtoken', 'list', {
    filter: { objectType: 'KalturaUploadTokenFilter', fileNameEqual: fileName, fileSizeEqual: fileSize, statusEqual: 0, orderBy: '-createdAt' },
    pager: { pageSize: 100 },
  }), undefined, true).catch(() => undefined);
  const lostOnes = (Array.isArray(list?.objects) ? list.objects : [])
    .filter((t) => t.id !== kept.id && !Number(t.uploadedFileSize) && !t.attachedObjectId && Number(t.createdAt) <= keptAt && Number(t.createdAt) >= keptAt - lost.seconds)
    .slice(0, lost.count);
  for (const t of lostOnes) await request(host, (ctx) => deleteUploadToken(ctx, t.id), undefined, true).catch(() => {});
}
