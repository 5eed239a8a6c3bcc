// KalturaDispatcher::dispatch for one call: find the action, open the KS, build the arguments,
// check the KS is still valid, run. Errors are thrown as ApiError, in Kaltura's order.
import { buildArguments } from './arguments.ts';
import { ApiError } from './errors.ts';
import { flavorAssetService } from '../services/flavor-asset.ts';
import { mediaService } from '../services/media.ts';
import type { LoggedRequest } from '../control/types.ts';
import type { ParamMap } from './request-params.ts';
import type { ServerParts, ServiceDef, Session } from './service.ts';
import { sessionService } from '../services/session.ts';
import { thumbAssetService } from '../services/thumb-asset.ts';
import { systemService } from '../services/system.ts';
import { uploadTokenService } from '../services/upload-token.ts';
import { attachmentAssetService, captionAssetService } from '../services/content-asset.ts';
import { categoryEntryService, categoryService } from '../services/category.ts';
import { metadataProfileService, metadataService } from '../services/metadata.ts';
import { conversionProfileService } from '../services/conversion-profile.ts';

/** Services by lower-cased name; action names are lower-cased too (Kaltura matches both case-insensitively). */
const SERVICES: Record<string, ServiceDef> = {
  session: sessionService,
  uploadtoken: uploadTokenService,
  media: mediaService,
  thumbasset: thumbAssetService,
  flavorasset: flavorAssetService,
  system: systemService,
  caption_captionasset: captionAssetService,
  attachment_attachmentasset: attachmentAssetService,
  category: categoryService,
  categoryentry: categoryEntryService,
  metadata_metadata: metadataService,
  metadata_metadataprofile: metadataProfileService,
  conversionprofile: conversionProfileService,
};

export async function dispatch(server: ServerParts, params: ParamMap, log?: LoggedRequest, origin = '', trusted = true): Promise<unknown> {
  const service = lower(params.service);
  const action = lower(params.action);
  if (!service) throw new ApiError('SERVICE_NOT_SPECIFIED');
  const def = Object.hasOwn(SERVICES, service) ? SERVICES[service]! : undefined;
  if (!def) throw new ApiError('SERVICE_DOES_NOT_EXISTS', service);
  const act = Object.hasOwn(def, action) ? def[action]! : undefined;
  if (!act) throw new ApiError('ACTION_DOES_NOT_EXISTS', action, service);

  if (act.ksIgnored) {
    const anonymous: Session = { partnerId: server.options.partnerId, userId: '', isAdmin: false, privileges: new Map() };
    return act.run({ server, session: anonymous, log, origin, trusted }, buildArguments(act.params, params));
  }
  const ksText = params.ks == null || params.ks === '' ? undefined : typeof params.ks === 'string' ? params.ks : 'Array';
  const ks = ksText === undefined ? undefined : server.sessions.open(ksText);
  const args = buildArguments(act.params, params);
  if (!ks) throw new ApiError('MISSING_KS');
  const finalChunk = service === 'uploadtoken' && action === 'upload' ? (args.finalChunk as boolean) : undefined;
  server.sessions.checkValid(ks, server.faults.ksExpired({ service, action, finalChunk }, server.sessions.issuedAt(ksText!)));
  const session: Session = { partnerId: ks.partnerId, userId: ks.userId, isAdmin: ks.type === 2, privileges: ks.privilegeMap };
  return act.run({ server, session, log, origin, trusted }, args);
}

const lower = (v: unknown): string => (typeof v === 'string' ? v.toLowerCase() : '');
