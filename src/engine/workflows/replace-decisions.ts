// Approving or calling off a replacement that waits (READY_BUT_NOT_APPROVED) or failed:
// media.approveReplace / media.cancelReplace (kaltura-workflows.md 1). Both need
// CONTENT_INGEST_REPLACE (or KMS_USER_PERMISSION), which Kaltura's default user-session role
// lacks: with a plain USER KS Kaltura answers SERVICE_FORBIDDEN, and the error says what KS it takes.
import type { UploadError } from '../../errors.js';
import type { ReplaceableEntry } from '../../kaltura/media-api.js';
import type { CallOptions, KsSource } from '../options.js';
import type { Workflow } from './workflow.js';

export type ReplaceDecisionOptions = CallOptions & { ks: KsSource };

/** One call, sent once (as callOnce does): the KS asked for once, never aborted. */
export async function decide({ kit, api }: Workflow, action: 'approveReplace' | 'cancelReplace', entryId: string, options: ReplaceDecisionOptions): Promise<ReplaceableEntry> {
  const ks = typeof options.ks === 'function' ? await options.ks() : options.ks;
  try {
    return await api.decide(kit.callContext(options, ks, new AbortController().signal), action, entryId);
  } catch (e) {
    const error = e as UploadError;
    if (error.code !== 'SERVICE_FORBIDDEN') throw e;
    throw new kit.UploadError('SERVICE_FORBIDDEN', `media.${action} was refused: it needs a KS whose role has CONTENT_INGEST_REPLACE (an ADMIN KS from your backend, for instance); a plain USER KS may not approve or cancel replacements`, { call: error.call, args: error.args, cause: error });
  }
}
