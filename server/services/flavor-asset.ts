// Service `flavorAsset`, the one action an uploader needs: list (a USER KS may call it, as
// deployment/permissions/service.flavorasset.ini says; `get` it may not). After a lost
// `media.add` + `media.addContent` answer, uploadToken.get names the original flavor asset the
// token went into, and this names that asset's entry. Only the original flavor (what the upload
// made) is modelled: no conversion makes others here.
import { listResponse, page, pagerType } from '../core/list.ts';
import type { ServiceDef } from '../core/service.ts';
import type { EntryRecord } from '../state/store.ts';
import { assetFilterProperties, assetFilterType, filterAssets } from './asset-filter.ts';
import { visible } from './media.ts';

const filterProperties = assetFilterProperties();
const assetFilter = assetFilterType(filterProperties, { kind: 'object', name: 'KalturaFlavorAssetFilter', properties: filterProperties });

/** KalturaFlavorAsset of an entry's original flavor: 2 READY once the content arrived, else 0 QUEUED (importing). */
const flavorView = (e: EntryRecord) => ({
  id: e.flavorAssetId ?? '', entryId: e.id, partnerId: e.partnerId, isOriginal: true, flavorParamsId: 0,
  status: e.contentSize !== undefined ? 2 : 0, size: e.contentSize !== undefined ? Math.ceil(e.contentSize / 1024) : 0,
  createdAt: Math.floor(e.createdAt / 1000), updatedAt: Math.floor(e.updatedAt / 1000), objectType: 'KalturaFlavorAsset',
});

export const flavorAssetService: ServiceDef = {
  list: {
    params: [
      { name: 'filter', type: assetFilter, optional: true },
      { name: 'pager', type: pagerType, optional: true },
    ],
    async run(ctx, args) {
      const flavors = [...ctx.server.store.entries.values()].filter((e) => e.flavorAssetId !== undefined && visible(ctx, e)).map(flavorView);
      const found = filterAssets(flavors, args.filter);
      return listResponse(page(found, args.pager), found.length, 'KalturaFlavorAssetListResponse');
    },
  },
};
