// The enrichment chunk: once the entry holds its file, what the upload also asked for (captions,
// attachments, categories, custom metadata) is added to it, each on its own, side by side. The
// upload's request loop carries every call (retries, a new KS, the connection budget); an
// enrichment that fails for good is reported in its outcome and never fails the upload. Only a
// cancel ends it early (start() then rejects with CANCELLED, as before).
import type { UploadResult } from '../upload-status.js';
import type { RequestHost } from '../request-loop.js';
import { addAssets } from './assets.js';
import { addCategories } from './categories.js';
import { addCustomMetadata } from './custom-metadata.js';
import type { EnrichmentContext, EnrichmentKit } from './enrichment-kit.js';

export type { EnrichmentKit } from './enrichment-kit.js';

/** Adds what the options ask for to `result.entryId`, and writes the outcomes into `result`. */
export async function enrich(host: RequestHost, result: UploadResult, kit: EnrichmentKit): Promise<void> {
  const { captions, attachments, categoryIds, customMetadata } = host.options;
  const ctx: EnrichmentContext = { host, kit, entryId: result.entryId };
  const stopped = () => host.control.stopped;
  await Promise.all([
    captions?.length && addAssets(ctx, 'caption', captions).then((o) => (result.captions = o)),
    attachments?.length && addAssets(ctx, 'attachment', attachments).then((o) => (result.attachments = o)),
    categoryIds?.length && addCategories(ctx, categoryIds).then((o) => (result.categories = o)),
    customMetadata && addCustomMetadata(ctx, customMetadata).then((o) => (result.customMetadata = o)),
  ]);
  // A cancel meanwhile: every outcome above is its abort; the upload itself says CANCELLED.
  const reason = stopped();
  if (reason) throw reason;
}
