// Categories by numeric id: one `categoryEntry.add` each, all in one multirequest. A moderated
// category answers status 1 PENDING (a moderator must approve), which is reported, not hidden.
// CATEGORY_ENTRY_ALREADY_EXISTS means the entry is in the category (an earlier try whose answer
// was lost got through): success, with its status read back by `categoryEntry.list`. A passing
// failure of one item sends that item again; the others keep their answer.
import { addCategoryEntryCall, listCategoryEntriesCall } from '../../kaltura/category-api.js';
import { CategoryEntryStatus, multirequest, type KalturaCategoryEntry, type KalturaList } from '../../kaltura/enrichment-types.js';
import type { UploadError } from '../../errors.js';
import type { CategoryOutcome } from './enrichment-options.js';
import type { EnrichmentContext } from './enrichment-kit.js';

export async function addCategories(ctx: EnrichmentContext, categoryIds: number[]): Promise<CategoryOutcome[]> {
  const { host, kit, entryId } = ctx;
  const [request, callKaltura, , apiException, UploadError, toUploadError] = kit;
  const ids = [...new Set(categoryIds)];
  const outcomes = new Map<number, CategoryOutcome>();
  const bad = ids.filter((id) => !Number.isInteger(id) || id <= 0);
  for (const id of bad) outcomes.set(id, { categoryId: id, error: new UploadError('INVALID_OPTIONS', `categoryIds: ${id} is not a category id`) });
  let existing: number[] = [];
  try {
    await request(host, async (c) => {
      const pending = ids.filter((id) => !outcomes.has(id) && !existing.includes(id));
      if (!pending.length) return;
      const answers = await callKaltura<unknown[]>(c, 'multirequest', undefined, multirequest(pending.map((id) => addCategoryEntryCall(entryId, id))));
      let again: UploadError | undefined;
      pending.forEach((categoryId, i) => {
        const answer = Array.isArray(answers) ? answers[i] : undefined;
        const error = apiException(answer, 'categoryentry.add');
        const status = (answer as KalturaCategoryEntry | undefined)?.status;
        if (error?.code === 'CATEGORY_ENTRY_ALREADY_EXISTS') existing = [...existing, categoryId];
        else if (error?.retryable) again = error;
        else if (error) outcomes.set(categoryId, { categoryId, error });
        else if (typeof status === 'number') outcomes.set(categoryId, { categoryId, status });
        else again = new UploadError('BAD_RESPONSE', 'categoryentry.add: no status', { retryable: true });
      });
      if (again) throw again;
    });
    if (existing.length) {
      const list = await request(host, (c) => callKaltura<KalturaList<KalturaCategoryEntry>>(c, 'categoryentry', 'list', { filter: listCategoryEntriesCall(entryId, existing).filter }));
      for (const categoryId of existing) {
        const found = list?.objects?.find((o) => Number(o.categoryId) === categoryId);
        outcomes.set(categoryId, { categoryId, status: typeof found?.status === 'number' ? found.status : CategoryEntryStatus.ACTIVE });
      }
    }
  } catch (e) {
    // Given up on (retries spent, a cancel): the ones still open share that error.
    for (const id of ids) if (!outcomes.has(id)) outcomes.set(id, { categoryId: id, error: toUploadError(e) });
  }
  return categoryIds.map((id) => outcomes.get(id)!);
}
