// thumbAsset.addFromImage / setAsDefault / get / list as Kaltura's ThumbAssetService does them: types,
// a USER KS allowed but only on its own entries, Kaltura's errors, and the entry's thumbnail URL
// moving to a new version with each default; plus the image header reader behind width/height.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sizeOf } from '../../server/media/image-size.ts';
import { placeholderPng } from '../../server/media/placeholder-image.ts';
import { sha256, startTestServer, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer();
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());

const addEntry = (session = ks) => server.call('media', 'add', { ks: session, entry: { objectType: 'KalturaMediaEntry', name: 'Clip', mediaType: 1 } });

/** thumbAsset.addFromImage as a browser sends it: multipart, the image in `fileData`. */
async function addFromImage(session: string, entryId: string, image: Uint8Array, fileName = 'poster.png') {
  const form = new FormData();
  form.append('ks', session);
  form.append('format', '1');
  form.append('entryId', entryId);
  form.append('fileData', new Blob([image as Uint8Array<ArrayBuffer>]), fileName);
  return (await fetch(`${server.url}/api_v3/service/thumbasset/action/addFromImage`, { method: 'POST', body: form })).json();
}

const thumbnail = async (entry: { partnerId: number; id: string }) => {
  const res = await fetch(`${server.url}/p/${entry.partnerId}/thumbnail/entry_id/${entry.id}`);
  return { type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
};

describe('thumbAsset', () => {
  test('addFromImage stores the image as a READY KalturaThumbAsset with its size; setAsDefault makes it the entry’s thumbnail', async () => {
    const entry = await addEntry();
    const image = placeholderPng(64, 36);
    const asset = await addFromImage(ks, entry.id, image);
    assert.equal(asset.objectType, 'KalturaThumbAsset');
    assert.match(asset.id, /^0_[0-9a-z]{8}$/);
    assert.deepEqual(
      [asset.entryId, asset.partnerId, asset.status, asset.width, asset.height, asset.fileExt, asset.sizeInBytes, asset.size],
      [entry.id, entry.partnerId, 2, 64, 36, 'png', image.length, 1],
    );
    // Entry in NO_CONTENT and its first thumbnail: Kaltura makes it the default by itself.
    const got = await server.call('thumbasset', 'get', { ks, thumbAssetId: asset.id });
    assert.equal(got.tags, 'default_thumb');
    assert.equal(sha256((await thumbnail(entry)).bytes), sha256(image));

    const second = await addFromImage(ks, entry.id, placeholderPng(32, 18));
    assert.equal(second.tags, '', 'only the first thumbnail of an entry without content becomes the default');
    const before = (await server.call('media', 'get', { ks, entryId: entry.id })).thumbnailUrl;
    assert.equal(await server.call('thumbasset', 'setAsDefault', { ks, thumbAssetId: second.id }), null);
    const listed = await server.call('thumbasset', 'list', { ks, filter: { objectType: 'KalturaThumbAssetFilter', entryIdEqual: entry.id } });
    assert.equal(listed.objectType, 'KalturaThumbAssetListResponse');
    assert.deepEqual(listed.objects.map((a: { id: string; tags: string }) => [a.id, a.tags]), [[asset.id, ''], [second.id, 'default_thumb']]);
    const afterUrl = (await server.call('media', 'get', { ks, entryId: entry.id })).thumbnailUrl;
    assert.notEqual(afterUrl, before, 'a new default moves the thumbnail URL to a new version');
    assert.match(afterUrl, new RegExp(`/p/${entry.partnerId}/sp/${entry.partnerId}00/thumbnail/entry_id/${entry.id}/version/1000\\d\\d$`));
    assert.equal(sha256((await thumbnail(entry)).bytes), sha256(placeholderPng(32, 18)));
  });

  test('a USER KS: its own entries only (INVALID_KS -4 on another’s), others’ assets not found; edit:<id> and ADMIN may', async () => {
    const entry = await addEntry();
    const asset = await addFromImage(ks, entry.id, placeholderPng(20, 20));
    const bob = await server.ks({ userId: 'bob' });
    const refused = await addFromImage(bob, entry.id, placeholderPng(20, 20));
    assert.deepEqual([refused.code, refused.args], ['INVALID_KS', { KSID: '', ERR_CODE: '-4', ERR_DESC: 'INVALID_TYPE' }]);
    for (const action of ['get', 'setAsDefault']) {
      const hidden = await server.call('thumbasset', action, { ks: bob, thumbAssetId: asset.id });
      assert.deepEqual([hidden.code, hidden.message], ['THUMB_ASSET_ID_NOT_FOUND', `The Thumbnail asset id "${asset.id}" not found`], action);
    }
    assert.equal((await server.call('thumbasset', 'list', { ks: bob, filter: { entryIdEqual: entry.id } })).totalCount, 0);
    const editor = await server.ks({ userId: 'bob', privileges: `edit:${entry.id},list:*` });
    assert.equal((await addFromImage(editor, entry.id, placeholderPng(10, 10))).objectType, 'KalturaThumbAsset');
    assert.equal(await server.call('thumbasset', 'setAsDefault', { ks: editor, thumbAssetId: asset.id }), null);
    const admin = await server.ks({ type: 2, userId: '' });
    assert.equal((await server.call('thumbasset', 'list', { ks: admin, filter: { entryIdIn: entry.id } })).totalCount, 2);
  });

  test('errors: ENTRY_ID_NOT_FOUND, UPLOAD_ERROR without a file, MISSING_KS, THUMB_ASSET_ID_NOT_FOUND', async () => {
    assert.deepEqual((await addFromImage(ks, '0_nosuchid', placeholderPng(4, 4))).args, { ENTRY_ID: '0_nosuchid' });
    const entry = await addEntry();
    assert.equal((await server.call('thumbasset', 'addFromImage', { ks, entryId: entry.id })).code, 'MISSING_MANDATORY_PARAMETER');
    assert.equal((await server.call('thumbasset', 'addFromImage', { ks, entryId: entry.id, fileData: 'x' })).code, 'UPLOAD_ERROR');
    assert.equal((await server.call('thumbasset', 'list', {})).code, 'MISSING_KS');
    assert.equal((await server.call('thumbasset', 'get', { ks, thumbAssetId: '0_nothere1' })).code, 'THUMB_ASSET_ID_NOT_FOUND');
  });

  test('addFromImage + setAsDefault in one multipart multirequest (the file as `1:fileData`), as the element sends them', async () => {
    const entry = await addEntry();
    const image = placeholderPng(48, 27);
    const form = new FormData();
    for (const [k, v] of Object.entries({
      ks, format: '1', '1:service': 'thumbasset', '1:action': 'addFromImage', '1:entryId': entry.id,
      '2:service': 'thumbasset', '2:action': 'setAsDefault', '2:thumbAssetId': '{1:result:id}',
    })) form.append(k, v);
    form.append('1:fileData', new Blob([image as Uint8Array<ArrayBuffer>]), 'poster.png');
    const results = await (await fetch(`${server.url}/api_v3/service/multirequest`, { method: 'POST', body: form })).json();
    assert.deepEqual([results[0].objectType, results[1]], ['KalturaThumbAsset', null]);
    assert.equal(sha256((await thumbnail(entry)).bytes), sha256(image));
    const asset = await server.call('thumbasset', 'get', { ks, thumbAssetId: results[0].id });
    assert.equal(asset.tags, 'default_thumb');
  });

  test('thumbnail assets survive a restart', async () => {
    const entry = await addEntry();
    const image = placeholderPng(30, 20);
    const asset = await addFromImage(ks, entry.id, image);
    await server.api.restart();
    assert.equal((await server.call('thumbasset', 'get', { ks, thumbAssetId: asset.id })).width, 30);
    assert.equal(sha256((await thumbnail(entry)).bytes), sha256(image));
  });
});

describe('image size (getimagesize)', () => {
  test('PNG, GIF, JPEG and WebP headers; anything else has none', () => {
    assert.deepEqual(sizeOf(placeholderPng(17, 9)), { width: 17, height: 9 });
    const gif = Buffer.from('GIF89a\x40\x01\xf0\x00\x00\x00', 'latin1');
    assert.deepEqual(sizeOf(gif), { width: 320, height: 240 });
    // SOI, an APP0 segment of 16 bytes, then SOF0 with height 480 and width 640.
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, ...Array(14).fill(0), 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0xe0, 0x02, 0x80, 0x03]);
    assert.deepEqual(sizeOf(jpeg), { width: 640, height: 480 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBPVP8X', 8, 'latin1');
    webp.writeUIntLE(1919, 24, 3);
    webp.writeUIntLE(1079, 27, 3);
    assert.deepEqual(sizeOf(webp), { width: 1920, height: 1080 });
    assert.equal(sizeOf(Buffer.from('not an image at all, really')), undefined);
  });
});
