// Service `flavorAsset`, the one action an uploader needs: list (a USER KS may call it, as
// deployment/permissions/service.flavorasset.ini says; `get` it may not). After a lost
// `media.add` + `media.addContent` answer, uploadToken.get names the original flavor asset the
// token went into, and this names that asset's entry. Only the original flavor (what the upload
// made) is modelled: no conversion makes others here.
import type { ObjectType } from '../core/arguments.ts';
import { commaList, filterValues, listResponse, page, pagerType } from '../core/list.ts';
import type { ServiceDef } from '../core/service.ts';
import type { EntryRecord } from '../state/store.ts';
import { visible } from './media.ts';

const filterProperties = Object.fromEntries(
  ['orderBy', 'idEqual', 'idIn', 'entryIdEqual', 'entryIdIn'].map((p) => [p, { type: 'string' as const }]),
);
const flavorAssetFilterType: ObjectType = { kind: 'object', name: 'KalturaFlavorAssetFilter', properties: filterProperties };
const assetFilterType: ObjectType = {
  kind: 'object', name: 'KalturaAssetFilter', properties: filterProperties, subclasses: () => [flavorAssetFilterType],
};

/** KalturaFlavorAsset of an entry's original flavor: 2 READY once the content arrived, else 0 QUEUED (importing). */
const flavorView = (e: EntryRecord) => ({
  id: e.flavorAssetId, entryId: e.id, partnerId: e.partnerId, isOriginal: true, flavorParamsId: 0,
  status: e.contentSize !== undefined ? 2 : 0, size: e.contentSize !== undefined ? Math.ceil(e.contentSize / 1024) : 0,
  createdAt: Math.floor(e.createdAt / 1000), updatedAt: Math.floor(e.updatedAt / 1000), objectType: 'KalturaFlavorAsset',
});

export const flavorAssetService: ServiceDef = {
  list: {
    params: [
      { name: 'filter', type: assetFilterType, optional: true },
      { name: 'pager', type: pagerType, optional: true },
    ],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const ids = commaList(f.idIn);
      const entryIds = commaList(f.entryIdIn);
      const found = [...ctx.server.store.entries.values()].filter((e) =>
        e.flavorAssetId !== undefined && visible(ctx, e) &&
        (f.idEqual === undefined || e.flavorAssetId === f.idEqual) && (!ids || ids.includes(e.flavorAssetId)) &&
        (f.entryIdEqual === undefined || e.id === f.entryIdEqual) && (!entryIds || entryIds.includes(e.id)));
      return listResponse(page(found, args.pager).map(flavorView), found.length, 'KalturaFlavorAssetListResponse');
    },
  },
};
