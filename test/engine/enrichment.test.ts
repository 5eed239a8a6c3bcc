// Captions, attachments, categories and custom metadata given with the upload, against the local
// API over HTTP: what a user would check in KMC afterwards (the assets READY with the files' bytes,
// one default caption; the categories with their statuses; the metadata XML), that a refusal never
// fails the upload, and that lost answers leave exactly one of each.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, type ChunkedUploadOptions, type UploadResult } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, userKs, type FaultRule } from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const retry = { retries: 6, minDelay: 20, maxDelay: 200 };
const SEED_PROFILE = 7;

/** One API call with `ks`, its JSON answer. */
async function api<T = any>(ks: string, service: string, action: string, params: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${location.origin}/api_v3/service/${service}/action/${action}?format=1`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ks, format: 1, ...params }),
  });
  return res.json();
}

const text = (body: string, name: string, type = 'text/plain') => new File([body], name, { type });
const srt = () => text('1\n00:00:00,000 --> 00:00:02,000\nHello & welcome\n', 'talk.srt', 'application/x-subrip');
const vtt = () => text('WEBVTT\n\n00:00.000 --> 00:02.000\nBonjour\n', 'talk.fr.vtt', 'text/vtt');
const pdf = () => new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 10, ...Array.from({ length: 300 }, (_, i) => i % 251)])], 'slides.pdf', { type: 'application/pdf' });

const someUser = () => `enrich-${Math.random().toString(36).slice(2, 10)}`;

async function upload(ks: string, options: Partial<ChunkedUploadOptions>): Promise<UploadResult> {
  const video = patternedFile(96 * 1024 + 5, 'talk.mp4', 'video/mp4');
  const result = await new ChunkedUpload(video, { serviceUrl: location.origin, ks, chunkSize: 64 * 1024, retry, ...options }).start();
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.sha256, await sha256Hex(video), 'the video itself is complete');
  return result;
}

/** The bytes the server serves for an asset (getUrl, then the URL, without a KS). */
async function servedSha(ks: string, service: string, id: string): Promise<string> {
  const url = await api<string>(ks, service, 'getUrl', { id });
  assert.match(url, /^http:\/\//);
  return sha256Hex(await (await fetch(url)).blob());
}

/** The user's upload tokens still waiting for use (FULL, status 2): an enrichment that failed must leave none. */
async function fullTokens(ks: string) {
  const list = await api(ks, 'uploadtoken', 'list', { filter: { objectType: 'KalturaUploadTokenFilter', statusEqual: 2 } });
  return list.objects ?? [];
}

describe('ChunkedUpload: captions, attachments, categories and custom metadata', function () {
  this.timeout(60_000);
  beforeEach(resetServer);

  it('an SRT and a VTT caption and a PDF attachment: assets READY with the files\' bytes, one default caption', async () => {
    const ks = await userKs({ userId: someUser(), privileges: 'setrole:CAPTION_EDITOR' });
    const [en, fr, slides] = [srt(), vtt(), pdf()];
    const result = await upload(ks, {
      captions: [{ file: en, language: 'English' }, { file: fr, language: 'French', label: 'Français', isDefault: true }],
      attachments: [{ file: slides, title: 'Slides', description: 'The talk\'s slides' }],
    });
    assert.lengthOf(result.captions!, 2);
    assert.isString(result.captions![0]!.id, JSON.stringify(result.captions));
    assert.isString(result.captions![1]!.id);
    assert.isString(result.attachments![0]!.id, JSON.stringify(result.attachments));
    const captions = (await api(ks, 'caption_captionasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: result.entryId } })).objects;
    assert.lengthOf(captions, 2);
    const byId = (id: string) => captions.find((c: { id: string }) => c.id === id);
    const [first, second] = [byId(result.captions![0]!.id!), byId(result.captions![1]!.id!)];
    assert.deepInclude(first, { status: 2, language: 'English', label: 'English', format: '1', isDefault: 0 });
    assert.deepInclude(second, { status: 2, language: 'French', label: 'Français', format: '3', isDefault: 1 });
    assert.equal(await servedSha(ks, 'caption_captionasset', first.id), await sha256Hex(en));
    assert.equal(await servedSha(ks, 'caption_captionasset', second.id), await sha256Hex(fr));
    const [attachment] = (await api(ks, 'attachment_attachmentasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: result.entryId } })).objects;
    assert.deepInclude(attachment, { id: result.attachments![0]!.id, status: 2, title: 'Slides', filename: 'slides.pdf', format: '3', partnerDescription: 'The talk\'s slides' });
    assert.equal(await servedSha(ks, 'attachment_attachmentasset', attachment.id), await sha256Hex(slides));
    assert.lengthOf(await fullTokens(ks), 0, 'every token went into its asset');
  });

  it('a plain user KS: the captions are refused (SERVICE_FORBIDDEN), the video and the attachment still complete', async () => {
    const ks = await userKs({ userId: someUser() });
    const result = await upload(ks, { captions: [{ file: srt(), language: 'English' }], attachments: [{ file: pdf() }] });
    const error = result.captions![0]!.error!;
    assert.equal(error.name, 'UploadError');
    assert.equal(error.code, 'SERVICE_FORBIDDEN');
    assert.include(error.message, 'caption_captionasset');
    assert.notInclude(String(error) + JSON.stringify(error.args ?? {}), ks, 'no KS in the error');
    assert.isString(result.attachments![0]!.id);
    const captions = await api(ks, 'caption_captionasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: result.entryId } });
    assert.equal(captions.totalCount, 0);
    assert.lengthOf(await fullTokens(ks), 0, 'the refused caption\'s token was deleted');
  });

  it('categories: one active, one moderated (PENDING), an unknown one and a members-only one refused with Kaltura\'s codes', async () => {
    const ks = await userKs({ userId: someUser() });
    const result = await upload(ks, { categoryIds: [12, 14, 999, 15] });
    const [biology, reviewed, unknown, staff] = result.categories!;
    assert.deepEqual(biology, { categoryId: 12, status: 2 });
    assert.deepEqual(reviewed, { categoryId: 14, status: 1 }, 'a moderated category waits: PENDING');
    assert.equal(unknown!.categoryId, 999);
    assert.equal(unknown!.error?.code, 'CATEGORY_NOT_FOUND');
    assert.equal(staff!.error?.code, 'CANNOT_ASSIGN_ENTRY_TO_CATEGORY');
    const list = await api(ks, 'categoryentry', 'list', { filter: { objectType: 'KalturaCategoryEntryFilter', entryIdEqual: result.entryId } });
    assert.deepEqual(list.objects.map((o: { categoryId: number; status: number }) => [o.categoryId, o.status]).sort(), [[12, 2], [14, 1]]);
  });

  it('custom metadata: the XML in the profile\'s order, dates as Unix seconds, lists repeated, values escaped', async () => {
    const ks = await userKs({ userId: someUser() });
    const recorded = new Date('2026-03-04T05:06:07Z');
    const result = await upload(ks, {
      customMetadata: { profileId: SEED_PROFILE, fields: { Audience: ['Students', 'Staff'], Summary: 'Cells <b>& more</b>', RecordedOn: recorded, Department: 'History & Art', Keywords: ['cell', 'mitosis'] } },
    });
    assert.isNumber(result.customMetadata!.id, JSON.stringify(result.customMetadata));
    const list = await api(ks, 'metadata_metadata', 'list', { filter: { objectType: 'KalturaMetadataFilter', objectIdEqual: result.entryId, metadataProfileIdEqual: SEED_PROFILE } });
    assert.equal(list.totalCount, 1);
    assert.equal(list.objects[0].xml,
      '<metadata><Department>History &amp; Art</Department><RecordedOn>1772600767</RecordedOn><Keywords>cell</Keywords><Keywords>mitosis</Keywords>' +
      '<Summary>Cells &lt;b&gt;&amp; more&lt;/b&gt;</Summary><Audience>Students</Audience><Audience>Staff</Audience></metadata>');
  });

  it('an invalid field value: INVALID_METADATA_DATA with the validator\'s text, the upload completes', async () => {
    const ks = await userKs({ userId: someUser() });
    const result = await upload(ks, { customMetadata: { profileId: SEED_PROFILE, fields: { Department: 'Chemistry', RecordedOn: 1700000000 } } });
    const error = result.customMetadata!.error!;
    assert.equal(error.code, 'INVALID_METADATA_DATA');
    assert.include(error.message, "The value 'Chemistry' is not an element of the set");
  });

  describe('lost answers leave exactly one of each', () => {
    const lose = (service: string, action: string): FaultRule => ({ kind: 'loseAnswer', service, action, times: 2 });
    const ran = async (call: string) => (await requestLog()).filter((r) => `${r.service}.${r.action}` === call).length;
    // The call ran and its answer never came: how the upload found out what it made (asking again,
    // or Chromium re-sending the request by itself on the reset connection) differs by engine.
    const lost = async (call: string) => (await requestLog()).filter((r) => `${r.service}.${r.action}` === call && r.faults?.includes('loseAnswer')).length;

    for (const [service, action] of [['caption_captionasset', 'add'], ['caption_captionasset', 'setContent'], ['uploadToken', 'upload']] as const) {
      it(`${service}.${action}`, async () => {
        const ks = await userKs({ userId: someUser(), privileges: 'setrole:CAPTION_EDITOR' });
        const file = srt();
        await setFaults([lose(service, action)]);
        const result = await upload(ks, { captions: [{ file, language: 'English', isDefault: true }] });
        await setFaults([]);
        assert.isAtLeast(await lost(`${service.toLowerCase()}.${action.toLowerCase()}`), 1, 'an answer was lost');
        const captions = (await api(ks, 'caption_captionasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: result.entryId } })).objects;
        assert.lengthOf(captions, 1, JSON.stringify(captions));
        assert.deepInclude(captions[0], { id: result.captions![0]!.id, status: 2, isDefault: 1 });
        assert.equal(await servedSha(ks, 'caption_captionasset', captions[0].id), await sha256Hex(file));
      });
    }

    // The browser itself may send a request whose answer was lost again (a reset keep-alive
    // connection), and the server then makes a twin the engine never hears of; deleting it takes
    // ATTACHMENT_MODIFY, which a plain user KS lacks: hence a role that has it here.
    it('attachment_attachmentasset.add', async () => {
      const ks = await userKs({ userId: someUser(), privileges: 'setrole:CONTENT_MANAGER' });
      await setFaults([lose('attachment_attachmentasset', 'add')]);
      const result = await upload(ks, { attachments: [{ file: pdf() }] });
      await setFaults([]);
      assert.isAtLeast(await lost('attachment_attachmentasset.add'), 1, 'an answer was lost');
      const list = await api(ks, 'attachment_attachmentasset', 'list', { filter: { objectType: 'KalturaAssetFilter', entryIdEqual: result.entryId } });
      assert.equal(list.totalCount, 1);
      assert.equal(list.objects[0].id, result.attachments![0]!.id);
    });

    it('categoryEntry.add', async () => {
      const ks = await userKs({ userId: someUser() });
      await setFaults([lose('categoryEntry', 'add')]);
      const result = await upload(ks, { categoryIds: [12, 14] });
      await setFaults([]);
      assert.isAtLeast(await ran('categoryentry.add'), 3);
      assert.deepEqual(result.categories, [{ categoryId: 12, status: 2 }, { categoryId: 14, status: 1 }], 'ALREADY_EXISTS after a lost answer is success, with the status read back');
      const list = await api(ks, 'categoryentry', 'list', { filter: { objectType: 'KalturaCategoryEntryFilter', entryIdEqual: result.entryId } });
      assert.equal(list.totalCount, 2);
    });

    it('metadata_metadata.add', async () => {
      const ks = await userKs({ userId: someUser() });
      await setFaults([lose('metadata_metadata', 'add')]);
      const result = await upload(ks, { customMetadata: { profileId: SEED_PROFILE, fields: { Department: 'Physics', RecordedOn: 1700000000 } } });
      await setFaults([]);
      assert.isAtLeast(await ran('metadata_metadata.add'), 2);
      const list = await api(ks, 'metadata_metadata', 'list', { filter: { objectType: 'KalturaMetadataFilter', objectIdEqual: result.entryId } });
      assert.equal(list.totalCount, 1);
      assert.equal(result.customMetadata!.id, list.objects[0].id, 'METADATA_ALREADY_EXISTS after a lost answer is the earlier try\'s object');
    });
  });
});
