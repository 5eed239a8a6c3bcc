// The local API's captions, attachments, categories and custom metadata as Kaltura's services do
// them, over HTTP: the permission matrix (a plain USER KS refused caption changes and conversion
// profiles, a `setrole` role allowed), setContent moving a FULL token's file in (and a used token
// leaving the asset IMPORTING), moderation and entitlement of categories, and the metadata XSD
// validation with libxml's words.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { validateMetadata } from '../../server/services/metadata-schema.ts';
import { SEED_PROFILE_XSD } from '../../server/state/metadata-profiles.ts';
import { startTestServer, type TestServer } from './node-test-kit.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(() => server.close());

async function entryWithToken(ks: string, bytes = 'caption bytes', fileName = 'a.srt') {
  const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', name: 'Clip', mediaType: 1 } });
  const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { objectType: 'KalturaUploadToken', fileName } });
  await server.upload(ks, token.id, new TextEncoder().encode(bytes) as Uint8Array<ArrayBuffer>, { resume: false, finalChunk: true, resumeAt: 0, fileName });
  return { entryId: entry.id as string, tokenId: token.id as string };
}

const captionAdd = (ks: string, entryId: string) =>
  server.call('caption_captionasset', 'add', { ks, entryId, captionAsset: { objectType: 'KalturaCaptionAsset', language: 'English', label: 'EN' } });

describe('caption and attachment assets', () => {
  test('a plain USER KS may not add captions (SERVICE_FORBIDDEN); one with setrole of a caption role may, and setContent makes it READY', async () => {
    const plain = await server.ks({ userId: 'u1' });
    const { entryId } = await entryWithToken(plain);
    const refused = await captionAdd(plain, entryId);
    assert.equal(refused.code, 'SERVICE_FORBIDDEN');
    assert.equal(refused.message, 'The access to service [caption_captionasset->add] is forbidden');

    const editor = await server.ks({ userId: 'u1', privileges: 'setrole:CAPTION_EDITOR' });
    const { tokenId } = await entryWithToken(editor);
    const asset = await captionAdd(editor, entryId);
    assert.equal(asset.objectType, 'KalturaCaptionAsset');
    assert.deepEqual([asset.status, asset.format, asset.languageCode], [0, '1', 'en'], 'QUEUED, SRT when no format is given');
    const ready = await server.call('caption_captionasset', 'setContent', { ks: editor, id: asset.id, contentResource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } });
    assert.equal(ready.status, 2);
    const token = await server.call('uploadtoken', 'get', { ks: editor, uploadTokenId: tokenId });
    assert.deepEqual([token.status, token.attachedObjectId], [3, asset.id], 'the token is CLOSED, attached to the asset');
    const url = await server.call('caption_captionasset', 'getUrl', { ks: editor, id: asset.id });
    assert.equal(await (await fetch(url)).text(), 'caption bytes');

    // The same, used token again: Kaltura accepts it and the asset waits for ever (IMPORTING).
    const twin = await captionAdd(editor, entryId);
    const stuck = await server.call('caption_captionasset', 'setContent', { ks: editor, id: twin.id, contentResource: { objectType: 'KalturaUploadedFileTokenResource', token: tokenId } });
    assert.equal(stuck.status, 7);
  });

  test('an unknown language name is refused as KalturaLanguage refuses it', async () => {
    const editor = await server.ks({ userId: 'u2', privileges: 'setrole:3' });
    const { entryId } = await entryWithToken(editor);
    const answer = await server.call('caption_captionasset', 'add', { ks: editor, entryId, captionAsset: { objectType: 'KalturaCaptionAsset', language: 'en' } });
    assert.equal(answer.code, 'INVALID_ENUM_VALUE');
  });

  test('attachments: open to a USER KS on its own entry, not on another user\'s; delete needs ATTACHMENT_MODIFY', async () => {
    const alice = await server.ks({ userId: 'alice2' });
    const bob = await server.ks({ userId: 'bob2' });
    const { entryId } = await entryWithToken(alice);
    const add = (ks: string) => server.call('attachment_attachmentasset', 'add', { ks, entryId, attachmentAsset: { objectType: 'KalturaAttachmentAsset', filename: 'a.pdf', title: 'A', format: 3 } });
    const asset = await add(alice);
    assert.equal(asset.objectType, 'KalturaAttachmentAsset');
    assert.equal((await add(bob)).code, 'ENTRY_ID_NOT_FOUND');
    assert.equal((await server.call('attachment_attachmentasset', 'delete', { ks: alice, attachmentAssetId: asset.id })).code, 'SERVICE_FORBIDDEN');
  });

  test('conversionProfile.list is refused to a plain USER KS', async () => {
    assert.equal((await server.call('conversionprofile', 'list', { ks: await server.ks({ userId: 'u3' }) })).code, 'SERVICE_FORBIDDEN');
    assert.equal((await server.call('conversionprofile', 'list', { ks: await server.ks({ userId: 'u3', privileges: 'setrole:CONTENT_MANAGER' }) })).totalCount, 2);
  });
});

describe('categories', () => {
  test('moderated → PENDING for a user, ACTIVE for an admin; members only → CANNOT_ASSIGN; twice → ALREADY_EXISTS; unknown → CATEGORY_NOT_FOUND', async () => {
    const ks = await server.ks({ userId: 'cat-user' });
    const { entryId } = await entryWithToken(ks);
    const add = (categoryId: number, session = ks) => server.call('categoryentry', 'add', { ks: session, categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId } });
    assert.equal((await add(12)).status, 2);
    assert.equal((await add(12)).code, 'CATEGORY_ENTRY_ALREADY_EXISTS');
    assert.equal((await add(14)).status, 1);
    assert.equal((await add(15)).code, 'CANNOT_ASSIGN_ENTRY_TO_CATEGORY');
    assert.equal((await add(999)).code, 'CATEGORY_NOT_FOUND');
    const list = await server.call('category', 'list', { ks });
    assert.deepEqual(list.objects.map((c: { fullName: string }) => c.fullName), ['Courses', 'Courses>Biology', 'Courses>Physics', 'Reviewed', 'Staff only']);
  });
});

describe('custom metadata', () => {
  test('the seeded profile\'s XSD: required fields, order, list values, dates, well-formedness, in libxml\'s words', () => {
    const v = (xml: string) => validateMetadata(SEED_PROFILE_XSD, xml);
    assert.deepEqual(v('<metadata><Department>Biology</Department><RecordedOn>1700000000</RecordedOn><Keywords>a</Keywords><Keywords>b</Keywords></metadata>'), []);
    assert.deepEqual(v('<metadata><Department>Biology</Department></metadata>'), ["Element 'metadata': Missing child element(s). Expected is ( RecordedOn )."]);
    assert.deepEqual(v('<metadata><RecordedOn>1</RecordedOn><Department>Biology</Department></metadata>'), ["Element 'RecordedOn': This element is not expected. Expected is ( Department )."]);
    assert.deepEqual(v('<metadata><Department>Chemistry</Department><RecordedOn>1</RecordedOn></metadata>'),
      ["Element 'Department': [facet 'enumeration'] The value 'Chemistry' is not an element of the set {'Biology', 'Physics', 'History & Art'}."]);
    assert.deepEqual(v('<metadata><Department>Physics</Department><RecordedOn>yesterday</RecordedOn></metadata>'), ["Element 'RecordedOn': 'yesterday' is not a valid value of the atomic type 'xs:long'."]);
    assert.deepEqual(v('<metadata><Department>Physics</Department><RecordedOn>1</RecordedOn><Summary>a</Summary><Summary>b</Summary></metadata>'), ["Element 'Summary': This element is not expected. Expected is ( Audience )."]);
    assert.match(v('<metadata><Department>Physics</metadata>')[0]!, /tag mismatch/);
  });

  test('metadata_metadata.add: INVALID_METADATA_DATA with the validator\'s text, one object per profile and entry (METADATA_ALREADY_EXISTS)', async () => {
    const ks = await server.ks({ userId: 'md-user' });
    const { entryId } = await entryWithToken(ks);
    const add = (xmlData: string) => server.call('metadata_metadata', 'add', { ks, metadataProfileId: 7, objectType: '1', objectId: entryId, xmlData });
    const bad = await add('<metadata><Department>Chemistry</Department><RecordedOn>1</RecordedOn></metadata>');
    assert.equal(bad.code, 'INVALID_METADATA_DATA');
    assert.match(bad.message, /^invalid metadata data: Element 'Department': \[facet 'enumeration'\]/);
    const made = await add('<metadata><Department>Physics</Department><RecordedOn>1</RecordedOn></metadata>');
    assert.equal(made.objectType, 'KalturaMetadata');
    const again = await add('<metadata><Department>Physics</Department><RecordedOn>1</RecordedOn></metadata>');
    assert.equal(again.code, 'METADATA_ALREADY_EXISTS');
    const other = await server.ks({ userId: 'someone-else' });
    assert.equal((await server.call('metadata_metadata', 'add', { ks: other, metadataProfileId: 7, objectType: '1', objectId: entryId, xmlData: '<metadata/>' })).code, 'METADATA_OBJECT_ID_NOT_FOUND');
    assert.equal((await server.call('metadata_metadataprofile', 'get', { ks, id: 12345 })).code, 'METADATA_PROFILE_NOT_FOUND');
  });
});
