// media.add/addContent/get/list/update/delete and multirequest (protocol notes sections 2.4, 3, 9).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer({ conversionMs: 300 });
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());

const addEntry = (entry: Record<string, unknown> = {}, session = ks) =>
  server.call('media', 'add', { ks: session, entry: { objectType: 'KalturaMediaEntry', name: 'Holiday', mediaType: 1, ...entry } });
const tokenResource = (token: string) => ({ objectType: 'KalturaUploadedFileTokenResource', token });
const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 50));
};

async function fullToken(fileName: string, data: Uint8Array<ArrayBuffer>, session = ks) {
  const token = await server.call('uploadtoken', 'add', { ks: session, uploadToken: { fileName, fileSize: data.length } });
  const uploaded = await server.upload(session, token.id, data, { resume: false, finalChunk: true, resumeAt: 0 });
  assert.equal(uploaded.status, 2);
  return token.id as string;
}

describe('media', () => {
  test('add creates a NO_CONTENT media clip owned by the KS user', async () => {
    const entry = await addEntry({ description: 'Sea', tags: 'a,b' });
    assert.match(entry.id, /^0_[0-9a-z]{8}$/);
    assert.deepEqual([entry.status, entry.type, entry.mediaType, entry.userId, entry.name], [7, 1, 1, 'alice', 'Holiday']);
    assert.equal(entry.objectType, 'KalturaMediaEntry');
    assert.equal(Object.keys(entry).at(-1), 'objectType');
  });

  test('upload first, attach later: the token closes and the entry converts (PRECONVERT, then READY)', async () => {
    const data = testBytes(5000, 21);
    const tokenId = await fullToken('holiday.mp4', data);
    const entry = await addEntry();
    const attached = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(tokenId) });
    assert.equal(attached.status, 1);
    assert.equal((await server.call('uploadtoken', 'get', { ks, uploadTokenId: tokenId })).status, 3);
    const info = await server.api.entryInfo(entry.id);
    assert.deepEqual([info?.sha256, info?.size, info?.uploadTokenId], [sha256(data), 5000, tokenId]);
    await waitFor(async () => (await server.call('media', 'get', { ks, entryId: entry.id })).status === 2);
    assert.equal((await server.call('media', 'get', { ks, entryId: entry.id })).status, 2);
  });

  test('attach first: the entry waits in IMPORT and the final chunk returns token status 3', async () => {
    const data = testBytes(3000, 22);
    const entry = await addEntry({ mediaType: undefined, name: 'Attach first' });
    const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'song.mp3' } });
    const attached = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(token.id) });
    assert.equal(attached.status, 0);
    assert.equal(attached.mediaType, 5, 'media type inferred from the token file name');
    const withAttachment = await server.call('uploadtoken', 'get', { ks, uploadTokenId: token.id });
    assert.deepEqual([withAttachment.status, withAttachment.attachedObjectType], [0, 'flavorAsset']);
    await server.upload(ks, token.id, data.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 });
    const final = await server.upload(ks, token.id, data.subarray(1000), { resume: true, finalChunk: true, resumeAt: 1000 });
    assert.equal(final.status, 3);
    assert.equal((await server.api.entryInfo(entry.id))?.sha256, sha256(data));
    assert.equal((await server.call('media', 'get', { ks, entryId: entry.id })).status, 1);
  });

  test('an image entry is READY as soon as its content arrives', async () => {
    const tokenId = await fullToken('photo.jpg', testBytes(100, 23));
    const entry = await addEntry({ mediaType: 2 });
    assert.equal((await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(tokenId) })).status, 2);
  });

  test('addContent errors: ENTRY_ID_NOT_FOUND, ENTRY_ALREADY_WITH_CONTENT, UPLOAD_TOKEN_NOT_FOUND, resource checks', async () => {
    const tokenId = await fullToken('a.mp4', testBytes(10, 24));
    const missing = await server.call('media', 'addContent', { ks, entryId: '0_nosuchid', resource: tokenResource(tokenId) });
    assert.deepEqual([missing.code, missing.args, missing.message], ['ENTRY_ID_NOT_FOUND', { ENTRY_ID: '0_nosuchid' }, 'Entry id "0_nosuchid" not found']);
    const entry = await addEntry();
    const unknownToken = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource('0_ffffffffffffffffffffffffffffffff') });
    assert.equal(unknownToken.code, 'UPLOAD_TOKEN_NOT_FOUND');
    const noToken = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaUploadedFileTokenResource' } });
    assert.deepEqual([noToken.code, noToken.args], ['PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaUploadedFileTokenResource::token' }]);
    const abstract = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { token: tokenId } });
    assert.deepEqual([abstract.code, abstract.args], ['OBJECT_TYPE_ABSTRACT', { OBJ_TYPE: 'KalturaResource' }]);
    const remote = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaRemoteStorageResource', url: 'http://x' } });
    assert.equal(remote.code, 'RESOURCE_TYPE_NOT_SUPPORTED');
    const noUrl = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaUrlResource' } });
    assert.deepEqual([noUrl.code, noUrl.args], ['PROPERTY_VALIDATION_CANNOT_BE_NULL', { PROP_NAME: 'KalturaUrlResource::url' }]);
    assert.equal((await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(tokenId) })).status, 1);
    const twice = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(tokenId) });
    assert.deepEqual([twice.code, twice.message], ['ENTRY_ALREADY_WITH_CONTENT', 'Entry already associated with content']);
  });

  test('another user’s entry: hidden from get/list, INVALID_KS (-4, INVALID_TYPE) on change', async () => {
    const entry = await addEntry({ name: 'Private' });
    const bob = await server.ks({ userId: 'bob' });
    assert.equal((await server.call('media', 'get', { ks: bob, entryId: entry.id })).code, 'ENTRY_ID_NOT_FOUND');
    assert.equal((await server.call('media', 'list', { ks: bob, filter: { idEqual: entry.id } })).totalCount, 0);
    for (const [action, extra] of [['update', { mediaEntry: { name: 'x' } }], ['delete', {}], ['addContent', { resource: tokenResource('0_x') }]] as const) {
      const error = await server.call('media', action, { ks: bob, entryId: entry.id, ...extra });
      assert.deepEqual([error.code, error.args], ['INVALID_KS', { KSID: '', ERR_CODE: '-4', ERR_DESC: 'INVALID_TYPE' }], action);
    }
    const editor = await server.ks({ userId: 'bob', privileges: `edit:${entry.id}` });
    assert.equal((await server.call('media', 'update', { ks: editor, entryId: entry.id, mediaEntry: { description: 'ok' } })).description, 'ok');
    const admin = await server.ks({ type: 2, userId: '' });
    assert.equal((await server.call('media', 'get', { ks: admin, entryId: entry.id })).name, 'Private');
  });

  test('list filters by nameLike and idIn, orders newest first and pages', async () => {
    const tag = `list${Date.now()}`;
    const made = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) made.push(await addEntry({ name: `${tag} ${name}` }));
    // New entries have no content (7): without a status filter Kaltura lists READY entries only.
    const ready = await server.call('media', 'list', { ks, filter: { objectType: 'KalturaMediaEntryFilter', nameLike: tag } });
    assert.equal(ready.totalCount, 0);
    const like = await server.call('media', 'list', { ks, filter: { objectType: 'KalturaMediaEntryFilter', nameLike: tag.toUpperCase(), statusIn: '0,7' } });
    assert.equal(like.objectType, 'KalturaMediaListResponse');
    assert.equal(like.totalCount, 3);
    const byId = await server.call('media', 'list', { ks, filter: { idIn: `${made[0].id},${made[2].id}`, statusEqual: 7 } });
    assert.deepEqual(byId.objects.map((e: { id: string }) => e.id).sort(), [made[0].id, made[2].id].sort());
    const page2 = await server.call('media', 'list', { ks, filter: { nameLike: tag, orderBy: '+name', statusEqual: 7 }, pager: { pageSize: 2, pageIndex: 2 } });
    assert.deepEqual([page2.totalCount, page2.objects.map((e: { name: string }) => e.name)], [3, [`${tag} Gamma`]]);
  });

  test('update changes editable fields; read-only and insert-only fields are refused', async () => {
    const entry = await addEntry();
    const updated = await server.call('media', 'update', { ks, entryId: entry.id, mediaEntry: { objectType: 'KalturaMediaEntry', name: 'Renamed', tags: 'x' } });
    assert.deepEqual([updated.name, updated.tags], ['Renamed', 'x']);
    const status = await server.call('media', 'update', { ks, entryId: entry.id, mediaEntry: { status: 2 } });
    assert.deepEqual([status.code, status.args], ['PROPERTY_VALIDATION_NOT_UPDATABLE', { PROP_NAME: 'KalturaMediaEntry::status' }]);
    const mediaType = await server.call('media', 'update', { ks, entryId: entry.id, mediaEntry: { mediaType: 2 } });
    assert.equal(mediaType.code, 'PROPERTY_VALIDATION_NOT_UPDATABLE');
    const badEnum = await addEntry({ mediaType: 3 });
    assert.deepEqual(badEnum.args, { ENUM_VAL: '3', PARAM_NAME: 'mediaType', ENUM_TYPE: 'KalturaMediaType' });
  });

  test('delete: returns null, then the entry is not found', async () => {
    const entry = await addEntry();
    assert.equal(await server.call('media', 'delete', { ks, entryId: entry.id }), null);
    assert.equal((await server.call('media', 'get', { ks, entryId: entry.id })).code, 'ENTRY_ID_NOT_FOUND');
  });

  test('entries survive a restart', async () => {
    const entry = await addEntry({ name: 'Persistent' });
    await server.api.restart();
    assert.equal((await server.call('media', 'get', { ks, entryId: entry.id })).name, 'Persistent');
  });
});

describe('multirequest', () => {
  test('{N:result:prop} references (N counts executed requests from 1, keys 0-based) and the whole flow in one call', async () => {
    const data = testBytes(2048, 25);
    // Node client style: nested objects keyed "0", "1", ...; the file part named "2:fileData".
    const form = new FormData();
    form.append(
      'json',
      JSON.stringify({
        format: 1,
        ks,
        0: { service: 'media', action: 'add', entry: { objectType: 'KalturaMediaEntry', name: 'Multi', mediaType: 1 } },
        1: { service: 'uploadToken', action: 'add', uploadToken: { fileName: 'multi.mp4' } },
        2: { service: 'media', action: 'addContent', entryId: '{1:result:id}', resource: { objectType: 'KalturaUploadedFileTokenResource', token: '{2:result:id}' } },
        3: { service: 'uploadToken', action: 'upload', uploadTokenId: '{2:result:id}', resume: false, finalChunk: true, resumeAt: 0 },
        4: { service: 'media', action: 'get', entryId: '{1:result:id}' },
      }),
    );
    form.append('3:fileData', new Blob([data]), 'multi.mp4');
    const res = await fetch(`${server.url}/api_v3/service/multirequest`, { method: 'POST', body: form });
    const results = await res.json();
    assert.equal(results.length, 5);
    assert.deepEqual(results.map((r: { objectType: string }) => r.objectType), ['KalturaMediaEntry', 'KalturaUploadToken', 'KalturaMediaEntry', 'KalturaUploadToken', 'KalturaMediaEntry']);
    assert.equal(results[2].status, 0);
    assert.equal(results[3].status, 3);
    assert.equal(results[4].id, results[0].id);
    assert.equal((await server.api.entryInfo(results[0].id))?.sha256, sha256(data));
  });

  test('a failed item stays in place, the rest still run, and a call referring to it fails unrun (MISSING_MANDATORY_PARAMETER)', async () => {
    const params = new URLSearchParams({
      format: '1',
      ks,
      '1:service': 'media',
      '1:action': 'get',
      '1:entryId': '0_missing1',
      '2:service': 'media',
      '2:action': 'add',
      '2:entry:objectType': 'KalturaMediaEntry',
      '2:entry:name': 'after{1:result:id}',
      '3:service': 'session',
      '3:action': 'start',
      '3:secret': 'wrong',
      '3:partnerId': '100',
      '5:service': 'media',
      '5:action': 'list',
    });
    const res = await fetch(`${server.url}/api_v3/service/multirequest`, { method: 'POST', body: params });
    assert.equal(res.status, 200);
    const results = await res.json();
    assert.equal(results.length, 3, 'stops at the first missing index');
    assert.equal(results[0].code, 'ENTRY_ID_NOT_FOUND');
    assert.deepEqual([results[1].code, results[1].args], ['MISSING_MANDATORY_PARAMETER', { PARAM_NAME: '{1:result:id}' }], 'media.add did not run');
    assert.deepEqual([results[2].code, results[2].args], ['START_SESSION_ERROR', { PID: '100' }]);
  });

  test('{N:result} of a scalar result: session.start then a call with that KS', async () => {
    const results = await server.call('multirequest', 'null', {
      1: { service: 'session', action: 'start', secret: 'local-dev-admin-secret', partnerId: 100, userId: 'carol' },
      2: { service: 'uploadtoken', action: 'add', ks: '{1:result}', uploadToken: { fileName: 'c.mp4' } },
    });
    assert.equal(results[1].userId, 'carol');
  });
});
