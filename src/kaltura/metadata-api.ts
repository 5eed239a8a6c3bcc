// Custom metadata on the wire (kaltura-workflows.md section 4): the profile (its XSD) from
// `metadata_metadataprofile.get`, the values with `metadata_metadata.add(profileId, objectType "1"
// (ENTRY, a dynamic enum: a string), entryId, xml)`, and `metadata_metadata.list` to find the
// object an earlier try made (METADATA_ALREADY_EXISTS after a lost answer).
import type { KalturaCall } from './enrichment-types.js';

/** KalturaMetadataObjectType ENTRY: a dynamic enum, so a string on the wire. */
const ENTRY_OBJECT = '1';

export const getProfileCall = (id: number): KalturaCall => ({ service: 'metadata_metadataprofile', action: 'get', id });

export const addMetadataCall = (profileId: number, entryId: string, xmlData: string): KalturaCall => ({
  service: 'metadata_metadata', action: 'add', metadataProfileId: profileId, objectType: ENTRY_OBJECT, objectId: entryId, xmlData,
});

export const listMetadataCall = (profileId: number, entryId: string): KalturaCall => ({
  service: 'metadata_metadata', action: 'list',
  filter: { objectType: 'KalturaMetadataFilter', metadataProfileIdEqual: profileId, metadataObjectTypeEqual: ENTRY_OBJECT, objectIdEqual: entryId },
});
