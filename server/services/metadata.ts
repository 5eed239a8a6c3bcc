// Services `metadata_metadataprofile` (get, list, listFields) and `metadata_metadata` (add, list,
// get, update) of the metadata plugin (MetadataService.php, MetadataProfileService.php), for entry
// objects (KalturaMetadataObjectType "1", a dynamic enum: a string). add checks, in Kaltura's
// order: the profile, its object type, the entry (the owner, a co-editor or an `edit` KS, else
// METADATA_OBJECT_ID_NOT_FOUND), one object per profile and entry (METADATA_ALREADY_EXISTS), and
// the XML against the profile's XSD (INVALID_METADATA_DATA with libxml's text). Open to a USER KS.
import { type ObjectType, type PropertySpec } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { filterValues, listResponse, page, pagerType } from '../core/list.ts';
import type { CallContext, ServiceDef } from '../core/service.ts';
import type { MetadataProfileRecord } from '../state/metadata-profiles.ts';
import type { EntryRecord, MetadataRecord } from '../state/store.ts';
import { EntryStatus } from './media-content.ts';
import { validateEditor, visible } from './media.ts';
import { schemaFields, validateMetadata } from './metadata-schema.ts';

const ENTRY_OBJECT = '1';
const str: PropertySpec = { type: 'string' };

const profileView = (p: MetadataProfileRecord) => ({
  id: p.id, partnerId: undefined, metadataObjectType: ENTRY_OBJECT, version: 1, name: p.name, systemName: p.systemName || undefined,
  createdAt: Math.floor(p.createdAt / 1000), updatedAt: Math.floor(p.createdAt / 1000), status: 1, xsd: p.xsd, createMode: 1,
  objectType: 'KalturaMetadataProfile',
});

const metadataView = (entry: EntryRecord, m: MetadataRecord) => ({
  id: m.id, partnerId: entry.partnerId, metadataProfileId: m.profileId, metadataProfileVersion: 1, metadataObjectType: ENTRY_OBJECT,
  objectId: entry.id, version: m.version, createdAt: Math.floor(m.createdAt / 1000), updatedAt: Math.floor(m.updatedAt / 1000),
  status: 1, xml: m.xml, objectType: 'KalturaMetadata',
});

function profileOf(ctx: CallContext, id: unknown): MetadataProfileRecord {
  const profile = ctx.server.metadataProfiles.get(Number(id));
  if (!profile) throw new ApiError('METADATA_PROFILE_NOT_FOUND', id);
  return profile;
}

/** MetadataEntryPeer::validateMetadataObjectAccess: the entry, seen and editable by this KS. */
function entryFor(ctx: CallContext, objectId: string): EntryRecord {
  const entry = ctx.server.store.entries.get(objectId);
  if (!entry || !visible(ctx, entry) || entry.status === EntryStatus.DELETED) throw new ApiError('METADATA_OBJECT_ID_NOT_FOUND', objectId);
  try {
    validateEditor(ctx, objectId);
  } catch {
    throw new ApiError('METADATA_OBJECT_ID_NOT_FOUND', objectId);
  }
  return entry;
}

function checkXml(profile: MetadataProfileRecord, xml: string): void {
  const errors = validateMetadata(profile.xsd, xml);
  if (errors.length) throw new ApiError('INVALID_METADATA_DATA', errors.join('\n'));
}

/** A metadata id unique across the server (Kaltura's are database ids). */
function newMetadataId(ctx: CallContext): number {
  let max = 1000;
  for (const e of ctx.server.store.entries.values()) for (const m of e.metadata ?? []) max = Math.max(max, m.id);
  return max + 1;
}

function findMetadata(ctx: CallContext, id: unknown): { entry: EntryRecord; metadata: MetadataRecord } {
  for (const entry of ctx.server.store.entries.values()) {
    const metadata = entry.metadata?.find((m) => m.id === Number(id));
    if (metadata && visible(ctx, entry)) return { entry, metadata };
  }
  throw new ApiError('INVALID_OBJECT_ID', id);
}

const profileFilterType: ObjectType = { kind: 'object', name: 'KalturaMetadataProfileFilter', properties: { idEqual: { type: 'int' }, metadataObjectTypeEqual: str, systemNameEqual: str, orderBy: str } };
const metadataFilterType: ObjectType = {
  kind: 'object', name: 'KalturaMetadataFilter',
  properties: { metadataProfileIdEqual: { type: 'int' }, metadataObjectTypeEqual: str, objectIdEqual: str, objectIdIn: str, idEqual: { type: 'int' } },
};

export const metadataProfileService: ServiceDef = {
  get: {
    params: [{ name: 'id', type: 'int' }],
    async run(ctx, args) {
      return profileView(profileOf(ctx, args.id));
    },
  },
  list: {
    params: [{ name: 'filter', type: profileFilterType, optional: true }, { name: 'pager', type: pagerType, optional: true }],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const found = ctx.server.metadataProfiles.list().filter((p) => (f.idEqual === undefined || p.id === f.idEqual) && (f.systemNameEqual === undefined || p.systemName === f.systemNameEqual));
      return listResponse(page(found, args.pager).map(profileView), found.length, 'KalturaMetadataProfileListResponse');
    },
  },
  listfields: {
    params: [{ name: 'metadataProfileId', type: 'int' }],
    async run(ctx, args) {
      const fields = schemaFields(profileOf(ctx, args.metadataProfileId).xsd);
      return listResponse(fields.map((f, i) => ({ id: i + 1, xPath: `/*[local-name()='metadata']/*[local-name()='${f.name}']`, key: f.name, label: f.name, objectType: 'KalturaMetadataProfileField' })), fields.length, 'KalturaMetadataProfileFieldListResponse');
    },
  },
};

export const metadataService: ServiceDef = {
  add: {
    params: [
      { name: 'metadataProfileId', type: 'int' },
      { name: 'objectType', type: 'string' },
      { name: 'objectId', type: 'string' },
      { name: 'xmlData', type: 'string' },
    ],
    async run(ctx, args) {
      const profile = profileOf(ctx, args.metadataProfileId);
      if (args.objectType !== ENTRY_OBJECT) throw new ApiError('INCOMPATIBLE_METADATA_PROFILE_OBJECT_TYPE', ENTRY_OBJECT, args.objectType);
      const objectId = args.objectId as string;
      if (ctx.log) ctx.log.entryId = objectId;
      const entry = entryFor(ctx, objectId);
      const existing = entry.metadata?.find((m) => m.profileId === profile.id);
      if (existing) throw new ApiError('METADATA_ALREADY_EXISTS', existing.id);
      const xml = args.xmlData as string;
      checkXml(profile, xml);
      const now = Date.now();
      const metadata: MetadataRecord = { id: newMetadataId(ctx), profileId: profile.id, xml, version: 1, createdAt: now, updatedAt: now };
      (entry.metadata ??= []).push(metadata);
      await ctx.server.store.save(entry);
      return metadataView(entry, metadata);
    },
  },
  update: {
    params: [{ name: 'id', type: 'int' }, { name: 'xmlData', type: 'string', optional: true }, { name: 'version', type: 'int', optional: true }],
    async run(ctx, args) {
      const { entry, metadata } = findMetadata(ctx, args.id);
      entryFor(ctx, entry.id);
      if (args.version != null && args.version !== metadata.version) throw new ApiError('INVALID_METADATA_DATA', `Invalid version ${String(args.version)}`);
      if (typeof args.xmlData === 'string') {
        checkXml(profileOf(ctx, metadata.profileId), args.xmlData);
        Object.assign(metadata, { xml: args.xmlData, version: metadata.version + 1, updatedAt: Date.now() });
        await ctx.server.store.save(entry);
      }
      return metadataView(entry, metadata);
    },
  },
  get: {
    params: [{ name: 'id', type: 'int' }],
    async run(ctx, args) {
      const { entry, metadata } = findMetadata(ctx, args.id);
      return metadataView(entry, metadata);
    },
  },
  list: {
    params: [{ name: 'filter', type: metadataFilterType, optional: true }, { name: 'pager', type: pagerType, optional: true }],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const ids = typeof f.objectIdIn === 'string' ? f.objectIdIn.split(',') : undefined;
      const rows = [...ctx.server.store.entries.values()]
        .filter((e) => visible(ctx, e) && (f.objectIdEqual === undefined || e.id === f.objectIdEqual) && (!ids || ids.includes(e.id)))
        .flatMap((e) => (e.metadata ?? []).map((m) => ({ e, m })))
        .filter(({ m }) => (f.metadataProfileIdEqual === undefined || m.profileId === f.metadataProfileIdEqual) && (f.idEqual === undefined || m.id === f.idEqual));
      return listResponse(page(rows, args.pager).map(({ e, m }) => metadataView(e, m)), rows.length, 'KalturaMetadataListResponse');
    },
  },
};


