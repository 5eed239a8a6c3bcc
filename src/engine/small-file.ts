// A file of one chunk: its bytes and its entry in one request once its token exists. One
// multirequest carries `uploadToken.upload` (the File itself, `1:fileData`), `media.add` and
// `media.addContent` (kaltura-protocol.md 2.4: a later call names an earlier result as
// `{N:result:id}`), so the file costs two round trips in all (the token, then this) instead of four.
// Loaded with the first such file (chunked-upload.ts), so an app of large files never loads it.
//
// Why the token is not in the same request: after a lost answer, the token is what proves what
// this upload made (uploadToken.get says how far the request got); a token made by a request whose
// answer was lost could not be found again.
//
// How each call depends on the one before: `media.add` carries `after={1:result:id}`, a parameter
// media.add does not read; Kaltura resolves every reference of a call before running it and fails
// the call, unrun, when one finds nothing (KalturaFrontController::replaceMultiRequestResults:
// MISSING_MANDATORY_PARAMETER). So media.add runs only when the bytes went in, and addContent
// (`entryId={2:result:id}`) only when media.add did: sending the request again is harmless, and an
// entry exists only with the whole file in its token. Neither call is forwarded to another data
// centre (the token is this request's data centre's, still PENDING before it: protocol 14.2).
import type { UploadError } from '../errors.js';
import type { callKaltura, callKalturaForm } from '../kaltura/client.js';
import type { attachedEntryId } from '../kaltura/upload-api.js';
import { TokenStatus, type EntryFields, type KalturaMediaEntry, type KalturaUploadToken } from '../kaltura/types.js';
import type { MadeEntry } from './entry-creation.js';
import type { request, RequestHost } from './request-loop.js';

/**
 * What this module is handed instead of importing it: importing from the engine's own modules
 * would make a bundler split them into a chunk shared with the engine, and the glue costs the
 * engine's bundle more than this list (a list, not an object: its names would cost bytes too).
 */
export type SmallFileTools = [
  request: typeof request,
  callKaltura: typeof callKaltura,
  callKalturaForm: typeof callKalturaForm,
  attachedEntryId: typeof attachedEntryId,
  UploadError: typeof UploadError,
];

const failed = (answer: unknown) => (answer as { objectType?: string } | undefined)?.objectType === 'KalturaAPIException';

/** Flat multipart names for a call's object parameter: `2:entry:name`. */
function flat(prefix: string, value: Record<string, unknown>, into: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(value)) {
    if (v == null) continue;
    if (typeof v === 'object') flat(`${prefix}:${k}`, v as Record<string, unknown>, into);
    else into[`${prefix}:${k}`] = v;
  }
  return into;
}

/**
 * Sends `file` into the token and makes its entry with `fields`, in one request. Resolves with the
 * entry made, `true` when only the bytes went in (the caller makes the entry as usual), or `false`
 * when they did not (the caller sends them as usual). A pause is waited out; a cancel rejects.
 */
export async function sendWithEntry(host: RequestHost, tokenId: string, file: Blob, fileName: string, fields: EntryFields, tools: SmallFileTools): Promise<MadeEntry | boolean> {
  const [request, callKaltura, callKalturaForm, attachedEntryId, UploadError] = tools;
  const params = flat('2:entry', { objectType: 'KalturaMediaEntry', ...fields }, {
    '1:service': 'uploadToken', '1:action': 'upload', '1:uploadTokenId': tokenId, '1:resume': false, '1:finalChunk': true, '1:resumeAt': 0,
    '2:service': 'media', '2:action': 'add', '2:after': '{1:result:id}',
    '3:service': 'media', '3:action': 'addContent', '3:entryId': '{2:result:id}',
    '3:resource:objectType': 'KalturaUploadedFileTokenResource', '3:resource:token': tokenId,
  });
  let answer: unknown[] | undefined;
  try {
    answer = await request(host, (ctx) => callKalturaForm<unknown[]>(ctx, 'multirequest', undefined, params, ['1:fileData', file, fileName]));
  } catch (e) {
    // request() rejects with UploadErrors only. A cancel, a KS refused for good, or retries spent
    // end the upload as a chunk's would; a refusal that will not heal (a proxy that takes no such
    // request, say) is left to the usual way, after asking the token.
    const { code, retryable } = e as UploadError;
    if (host.control.stopped || retryable || code === 'CANCELLED' || code === 'INVALID_KS') throw e;
  }
  const [uploaded, added, content] = Array.isArray(answer) ? answer : [];
  if (content && !failed(content)) return { id: (content as KalturaMediaEntry).id, entry: content as KalturaMediaEntry };
  // Not all of it: what the token says decides. An answer that shows the entry was made (its
  // content call failed) gives that entry its file here.
  const entry = added && !failed(added) ? (added as KalturaMediaEntry) : undefined;
  const token = uploaded && !failed(uploaded)
    ? (uploaded as KalturaUploadToken)
    : await request(host, (ctx) => callKaltura<KalturaUploadToken>(ctx, 'uploadtoken', 'get', { uploadTokenId: tokenId }), undefined, true);
  const status = Number(token?.status);
  if (status === TokenStatus.CLOSED) {
    // An earlier try went all the way (its answer was lost): the token names the entry it went
    // into (attachedObjectId: the entry, or its flavor asset), the one this upload made.
    const id = entry?.id ?? (await request(host, (ctx) => attachedEntryId(ctx, token)));
    if (id) return { id };
    throw new UploadError('BAD_RESPONSE', `Token ${tokenId} is closed but names no entry`, { call: 'uploadToken.get' });
  }
  if (status === TokenStatus.FULL_UPLOAD && entry) {
    const made = await request(host, (ctx) => callKaltura<KalturaMediaEntry>(ctx, 'media', 'addContent', {
      entryId: entry.id, resource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId },
    }));
    return { id: entry.id, entry: made };
  }
  // An entry made without the bytes (a service that runs a call whose reference failed, as the
  // protocol notes' 2.4 reads it) is ours by this answer and would stay empty: it goes, and the
  // caller makes the entry again once the bytes are in.
  if (entry) await request(host, (ctx) => callKaltura(ctx, 'media', 'delete', { entryId: entry.id })).catch(() => undefined);
  return status === TokenStatus.FULL_UPLOAD;
}
