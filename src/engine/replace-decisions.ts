// Approving or calling off a replacement that waits (READY_BUT_NOT_APPROVED) or failed:
// media.approveReplace / media.cancelReplace (kaltura-workflows.md 1). Both need
// CONTENT_INGEST_REPLACE (or KMS_USER_PERMISSION), which Kaltura's default user-session role
// lacks: with a plain USER KS Kaltura answers SERVICE_FORBIDDEN, and the error says what KS it
// takes. Not part of the engine's bundle: an app that imports neither does not bundle them.
import { UploadError } from '../errors.js';
import { callKaltura } from '../kaltura/client.js';
import { mediaApi, type ReplaceableEntry } from '../kaltura/media-api.js';
import { callOnce, type CallOptions, type KsSource } from './options.js';

export type ReplaceDecisionOptions = CallOptions & { ks: KsSource };

async function decide(action: 'approveReplace' | 'cancelReplace', entryId: string, options: ReplaceDecisionOptions): Promise<ReplaceableEntry> {
  try {
    return await callOnce(options, (ctx) => mediaApi(callKaltura, UploadError).decide(ctx, action, entryId));
  } catch (e) {
    if ((e as UploadError).code !== 'SERVICE_FORBIDDEN') throw e;
    const error = e as UploadError;
    throw new UploadError('SERVICE_FORBIDDEN', `media.${action} was refused: it needs a KS whose role has CONTENT_INGEST_REPLACE (an ADMIN KS from your backend, for instance); a plain USER KS may not approve or cancel replacements`, { call: error.call, args: error.args, cause: error });
  }
}

/**
 * Lets a replacement that waits for approval (`result.replacement.status === 'awaiting-approval'`,
 * READY_BUT_NOT_APPROVED) finish: the entry then plays the new media. Resolves with the entry.
 */
export const approveReplace = (entryId: string, options: ReplaceDecisionOptions) => decide('approveReplace', entryId, options);

/** Calls a replacement off (its temporary entry is deleted); the entry keeps its old media. Resolves with the entry. */
export const cancelReplace = (entryId: string, options: ReplaceDecisionOptions) => decide('cancelReplace', entryId, options);
