// KalturaAssetFilter as the asset services' list actions read it (flavorAsset, thumbAsset,
// captionAsset, attachmentAsset): by id, by entry, by status, oldest first unless `-createdAt`.
// One predicate, so the services cannot drift apart in what a filter means.
import type { ObjectType } from '../core/arguments.ts';
import { commaList, filterValues } from '../core/list.ts';

/** What a filter is matched against: the asset's id, its entry, its status (KalturaAssetStatus and kin). */
export interface FilteredAsset {
  id: string;
  entryId: string;
  status: number;
  createdAt: number;
}

/** KalturaAssetFilter's fields (each a string on the wire), plus a service's own. */
export const assetFilterProperties = (...more: string[]) =>
  Object.fromEntries(['orderBy', 'idEqual', 'idIn', 'entryIdEqual', 'entryIdIn', ...more].map((p) => [p, { type: 'string' as const }]));

/** KalturaAssetFilter, with the service's own filter class beneath it (KalturaFlavorAssetFilter, ...). */
export const assetFilterType = (properties: ObjectType['properties'], ...subclasses: ObjectType[]): ObjectType => ({
  kind: 'object', name: 'KalturaAssetFilter', properties, ...(subclasses.length && { subclasses: () => subclasses }),
});

/** The assets a list action's filter keeps, oldest first (newest first for `orderBy: -createdAt`). */
export function filterAssets<T extends FilteredAsset>(assets: T[], filter: unknown, more?: (asset: T, f: ReturnType<typeof filterValues>) => boolean): T[] {
  const f = filterValues(filter);
  const ids = commaList(f.idIn);
  const entryIds = commaList(f.entryIdIn);
  const statuses = commaList(f.statusIn)?.map(Number);
  const kept = assets.filter((a) =>
    (f.idEqual === undefined || a.id === f.idEqual) && (!ids || ids.includes(a.id)) &&
    (f.entryIdEqual === undefined || a.entryId === f.entryIdEqual) && (!entryIds || entryIds.includes(a.entryId)) &&
    (f.statusEqual === undefined || Number(f.statusEqual) === a.status) && (!statuses || statuses.includes(a.status)) &&
    (!more || more(a, f)));
  const desc = f.orderBy === '-createdAt';
  return kept.sort((a, b) => (desc ? b.createdAt - a.createdAt : a.createdAt - b.createdAt));
}
