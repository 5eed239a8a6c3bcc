// `approveReplace` / `cancelReplace` as functions of the package entry, for apps that prefer them to
// the static methods of ChunkedUpload (the same calls: workflows/replace-decisions.ts).
import { ChunkedUpload } from './chunked-upload.js';
import type { ReplaceDecisionOptions } from './workflows/replace-decisions.js';

export type { ReplaceDecisionOptions } from './workflows/replace-decisions.js';

/**
 * Lets a replacement that waits for approval (`result.replacement.status === 'awaiting-approval'`,
 * READY_BUT_NOT_APPROVED) finish: the entry then plays the new media. Resolves with the entry.
 * A plain USER KS is refused: `SERVICE_FORBIDDEN`.
 */
export const approveReplace = (entryId: string, options: ReplaceDecisionOptions) => ChunkedUpload.approveReplace(entryId, options);

/** Calls a replacement off (its temporary entry is deleted); the entry keeps its old media. A plain USER KS is refused: `SERVICE_FORBIDDEN`. */
export const cancelReplace = (entryId: string, options: ReplaceDecisionOptions) => ChunkedUpload.cancelReplace(entryId, options);
