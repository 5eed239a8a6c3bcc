// Category membership on the wire (kaltura-workflows.md section 3): one `categoryEntry.add` per
// numeric category id, all in one multirequest, and `categoryEntry.list` to read the status of
// memberships that already existed (CATEGORY_ENTRY_ALREADY_EXISTS after a lost answer).
import type { KalturaCall } from './enrichment-types.js';

export const addCategoryEntryCall = (entryId: string, categoryId: number): KalturaCall => ({
  service: 'categoryentry', action: 'add',
  categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId },
});

export const listCategoryEntriesCall = (entryId: string, categoryIds: number[]): KalturaCall => ({
  service: 'categoryentry', action: 'list',
  filter: { objectType: 'KalturaCategoryEntryFilter', entryIdEqual: entryId, categoryIdIn: categoryIds.join(',') },
  pager: { objectType: 'KalturaFilterPager', pageSize: 500 },
});

/** `category.list`: the categories this KS may see (entitlement filters them), for a picker. */
export const listCategoriesCall = (): KalturaCall => ({
  service: 'category', action: 'list',
  filter: { objectType: 'KalturaCategoryFilter', orderBy: '+fullName' },
  pager: { objectType: 'KalturaFilterPager', pageSize: 500 },
});
