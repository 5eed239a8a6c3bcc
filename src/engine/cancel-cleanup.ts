// After a cancel, once nothing is in flight: deletes the entry this upload made and its token. An
// entry whose answer was lost is found through the token (it names what it went into). Deleted is
// only what this upload provably made. Only a cancelled upload runs this, so chunked-upload.ts
// loads it with import(), handing it the engine's functions: it imports no engine module (one
// shared with a lazy chunk is split into a chunk the page loads up front, export list and all).
import type { toUploadError } from '../errors.js';
import type { CallContext } from '../kaltura/client.js';
import type { attachedEntryId, deleteEntry, deleteUploadToken, getUploadToken } from '../kaltura/upload-api.js';
import type { KsSession } from './ks-session.js';
import type { callContext, ResolvedOptions } from './options.js';
import type { remedyFor } from './retry-policy.js';
import type { sleep } from './waits.js';

/** The engine's functions this uses, in this order (a tuple minifies to its values). */
export type CleanUpKit = [
  callContext: typeof callContext,
  remedyFor: typeof remedyFor,
  toUploadError: typeof toUploadError,
  sleep: typeof sleep,
  attachedEntryId: typeof attachedEntryId,
  getUploadToken: typeof getUploadToken,
  deleteEntry: typeof deleteEntry,
  deleteUploadToken: typeof deleteUploadToken,
];

/**
 * Deletes token `tokenId` and the entry this upload made (`made`; else, for a new entry that may
 * have got the token while finalizing or in attach-first mode, the one the token names).
 */
export async function cleanUp(
  [callContext, remedyFor, toUploadError, sleep, attachedEntryId, getUploadToken, deleteEntry, deleteUploadToken]: CleanUpKit,
  o: ResolvedOptions, ks: KsSession, tokenId: string, made: string | undefined, finalizing: boolean,
): Promise<void> {
  // A delete that fails on the way (a 5xx, a dropped connection, a KS that expired meanwhile) is
  // tried twice more, a second apart or with a new KS.
  const retried = <T>(call: (ctx: CallContext) => Promise<T>, tries = 2, ctx = callContext(o, ks.current, new AbortController().signal)): Promise<T | undefined> =>
    call(ctx).catch((e) => {
      const remedy = remedyFor(toUploadError(e), ks.refreshable);
      return tries && remedy != 'fail' ? (remedy == 'retry' ? sleep(1000, ctx.signal) : ks.replace(ctx.ks)).then(() => retried(call, tries - 1), () => undefined) : undefined;
    });
  // A replaced entry is not ours (replace-media.ts calls its replacement off instead).
  const entryId = made ?? (!o.replaceEntryId && (finalizing || o.attachFirst) ? await retried(async (ctx) => attachedEntryId(ctx, await getUploadToken(ctx, tokenId))) : undefined);
  if (entryId) await retried((ctx) => deleteEntry(ctx, entryId));
  await retried((ctx) => deleteUploadToken(ctx, tokenId));
}
