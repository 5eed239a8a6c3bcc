// Custom metadata: the profile's XSD (metadata_metadataprofile.get) gives the fields' order and
// types, the values become the XML Kaltura validates (metadata-xsd.ts), and metadata_metadata.add
// stores it for the entry. INVALID_METADATA_DATA carries the validator's text in its message.
// METADATA_ALREADY_EXISTS holding exactly the XML sent is an earlier try whose answer was lost
// (ours, or the browser's own re-send of it): its object (metadata_metadata.list) is the outcome;
// holding other values it is someone else's, an error (nothing is overwritten).
import { addMetadataCall, getProfileCall, listMetadataCall } from '../../kaltura/metadata-api.js';
import { metadataFields, metadataXml, unknownFields } from '../../kaltura/metadata-xsd.js';
import type { KalturaCall, KalturaList, KalturaMetadata, KalturaMetadataProfile } from '../../kaltura/enrichment-types.js';
import type { CustomMetadataOption, MetadataOutcome } from './enrichment-options.js';
import type { EnrichmentContext } from './enrichment-kit.js';

const params = ({ service: _s, action: _a, ...rest }: KalturaCall) => rest;

export async function addCustomMetadata(ctx: EnrichmentContext, option: CustomMetadataOption): Promise<MetadataOutcome> {
  const { host, kit, entryId } = ctx;
  const [request, callKaltura, , , UploadError, toUploadError] = kit;
  try {
    const { profileId, fields: values } = option;
    if (!Number.isInteger(profileId) || !values || typeof values !== 'object') throw new UploadError('INVALID_OPTIONS', 'customMetadata needs a numeric `profileId` and `fields`');
    const profile = await request(host, (c) => callKaltura<KalturaMetadataProfile>(c, 'metadata_metadataprofile', 'get', params(getProfileCall(profileId))));
    const fields = metadataFields(profile.xsd ?? '');
    const unknown = unknownFields(fields, values);
    if (unknown.length) throw new UploadError('INVALID_OPTIONS', `customMetadata: profile ${profileId} has no field ${unknown.join(', ')}`);
    const add = params(addMetadataCall(profileId, entryId, metadataXml(fields, values)));
    const made = await request(host, async (c): Promise<KalturaMetadata> => {
      try {
        return await callKaltura<KalturaMetadata>(c, 'metadata_metadata', 'add', add);
      } catch (e) {
        if (toUploadError(e).code !== 'METADATA_ALREADY_EXISTS') throw e;
        // Ours when it holds exactly our XML (the browser may have sent the first try twice on its own).
        const list = await callKaltura<KalturaList<KalturaMetadata>>(c, 'metadata_metadata', 'list', params(listMetadataCall(profileId, entryId)));
        const found = list?.objects?.[0];
        if (!found || found.xml !== add.xmlData) throw e;
        return found;
      }
    });
    return { id: made.id };
  } catch (e) {
    return { error: toUploadError(e) };
  }
}
