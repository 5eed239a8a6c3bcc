// Service `conversionProfile`, list only: the partner's ingestion profiles. Refused to a plain USER
// KS (SERVICE_FORBIDDEN: no BASE_USER_SESSION_PERMISSION in service.conversionprofile.ini), which
// is why the uploader takes its choices from the app (`conversionProfileChoices`).
import { ApiError } from '../core/errors.ts';
import { listResponse } from '../core/list.ts';
import type { ServiceDef } from '../core/service.ts';
import { hasPermission } from '../state/permissions.ts';

const PROFILES = [
  { id: 1001, name: 'Default', isDefault: true, systemName: 'Default' },
  { id: 1002, name: 'Audio only', isDefault: false, systemName: 'AudioOnly' },
];

export const conversionProfileService: ServiceDef = {
  list: {
    params: [],
    async run(ctx) {
      if (!hasPermission(ctx.session, 'CONTENT_INGEST_UPLOAD')) throw new ApiError('SERVICE_FORBIDDEN', 'conversionprofile->list');
      const objects = PROFILES.map((p) => ({ ...p, isDefault: p.isDefault ? 1 : 0, type: '1', status: '2', objectType: 'KalturaConversionProfile' }));
      return listResponse(objects, objects.length, 'KalturaConversionProfileListResponse');
    },
  },
};
