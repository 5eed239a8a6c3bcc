// The local API's media.updateContent, approveReplace and cancelReplace (kaltura-workflows.md 1):
// the temporary-entry replacement and its status machine, the refusals a USER KS meets, and
// KalturaUrlResource imports (kaltura-workflows.md 5) fetching real links.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;
let admin: string;

before(async () => {
  server = await startTestServer({ conversionMs: 0 });
  ks = await server.ks({ userId: 'alice' });
  admin = await server.ks({ type: 2 });
});
after(() => server.close());

const tokenResource = (token: string) => ({ objectType: 'KalturaUploadedFileTokenResource', token });
const get = (entryId: string, session = ks) => server.call('media', 'get', { ks: session, entryId });

async function fullToken(data: Uint8Array<ArrayBuffer>) {
  const token = await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'clip.mp4', fileSize: data.length } });
  await server.upload(ks, token.id, data, { resume: false, finalChunk: true, resumeAt: 0 });
  return token.id as string;
}

async function readyEntry() {
  const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', name: 'Clip', mediaType: 1 } });
  await server.call('media', 'addContent', { ks, entryId: entry.id, resource: tokenResource(await fullToken(testBytes(3000, 1))) });
  assert.equal((await get(entry.id)).status, 2);
  return entry.id as string;
}

describe('media.updateContent', () => {
  test('an entry with content: a temporary entry, replacementStatus "1" then "0", same id', async () => {
    const entryId = await readyEntry();
    const answer = await server.call('media', 'updateContent', { ks, entryId, resource: tokenResource(await fullToken(testBytes(4000, 2))) });
    assert.equal(answer.id, entryId);
    assert.equal(answer.replacementStatus, '1', 'a string, as the dynamic enum arrives');
    assert.match(answer.replacingEntryId, /^0_/);
    const temp = await get(answer.replacingEntryId);
    assert.equal(temp.replacedEntryId, entryId);
    const listed = await server.call('media', 'list', { ks, filter: { objectType: 'KalturaMediaEntryFilter', statusIn: '-2,-1,0,1,2,7' } });
    assert.ok(!listed.objects.some((e: { id: string }) => e.id === answer.replacingEntryId), 'the temporary entry is never listed');
    const done = await get(entryId);
    assert.deepEqual([done.replacementStatus, done.replacingEntryId, done.status], ['0', undefined, 2]);
    assert.equal((await get(answer.replacingEntryId)).code, 'ENTRY_ID_NOT_FOUND', 'the temporary entry is deleted');
  });

  test('a NO_CONTENT entry gets the content directly', async () => {
    const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', mediaType: 1 } });
    const answer = await server.call('media', 'updateContent', { ks, entryId: entry.id, resource: tokenResource(await fullToken(testBytes(100, 3))) });
    assert.deepEqual([answer.replacementStatus, answer.replacingEntryId], ['0', undefined]);
    assert.notEqual(answer.status, 7);
  });

  test('approval: "3" → "2"; USER KS refused (SERVICE_FORBIDDEN), ADMIN approves; ENTRY_ID_NOT_REPLACED after; ALREADY_EXISTS while one runs', async () => {
    await server.api.setOptions({ replacementApproval: true });
    try {
      const entryId = await readyEntry();
      const answer = await server.call('media', 'updateContent', { ks, entryId, resource: tokenResource(await fullToken(testBytes(500, 4))) });
      assert.equal(answer.replacementStatus, '3');
      assert.equal((await get(entryId)).replacementStatus, '2');
      const second = await server.call('media', 'updateContent', { ks, entryId, resource: tokenResource(await fullToken(testBytes(600, 5))) });
      assert.equal(second.code, 'ENTRY_REPLACEMENT_ALREADY_EXISTS');
      for (const action of ['approveReplace', 'cancelReplace']) {
        const refused = await server.call('media', action, { ks, entryId });
        assert.deepEqual([refused.code, refused.args], ['SERVICE_FORBIDDEN', { SERVICE: `media->${action}` }]);
      }
      const approved = await server.call('media', 'approveReplace', { ks: admin, entryId });
      assert.deepEqual([approved.replacementStatus, approved.replacingEntryId], ['0', undefined]);
      const again = await server.call('media', 'approveReplace', { ks: admin, entryId });
      assert.deepEqual([again.code, again.args], ['ENTRY_ID_NOT_REPLACED', { ENTRY_ID: entryId }]);
    } finally {
      await server.api.setOptions({ replacementApproval: false });
    }
  });

  test('cancelReplace (ADMIN): the temporary entry goes, the entry keeps its media', async () => {
    await server.api.setOptions({ replacementApproval: true });
    try {
      const entryId = await readyEntry();
      const before = (await server.api.entryInfo(entryId))!.sha256;
      const answer = await server.call('media', 'updateContent', { ks, entryId, resource: tokenResource(await fullToken(testBytes(700, 6))) });
      const cancelled = await server.call('media', 'cancelReplace', { ks: admin, entryId });
      assert.deepEqual([cancelled.replacementStatus, cancelled.replacingEntryId], ['0', undefined]);
      assert.equal((await get(answer.replacingEntryId)).code, 'ENTRY_ID_NOT_FOUND');
      assert.equal((await server.api.entryInfo(entryId))!.sha256, before);
    } finally {
      await server.api.setOptions({ replacementApproval: false });
    }
  });

  test('another user may not replace an entry (INVALID_KS -4)', async () => {
    const entryId = await readyEntry();
    const bob = await server.ks({ userId: 'bob' });
    const refused = await server.call('media', 'updateContent', { ks: bob, entryId, resource: tokenResource(await fullToken(testBytes(10, 7))) });
    assert.equal(refused.code, 'INVALID_KS');
  });
});

describe('KalturaUrlResource', () => {
  let origin: string;
  let web: http.Server;
  const body = Buffer.from(testBytes(20_000, 9));
  before(async () => {
    web = http.createServer((req, res) => {
      if (req.url === '/a.mp4') res.writeHead(200, { 'Content-Length': body.length }).end(body);
      else if (req.url === '/big.mp4') res.writeHead(200).end(Buffer.alloc(3000));
      else if (req.url === '/slow.mp4') res.writeHead(200).write('x'); // never ends
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  after(() => web.closeAllConnections?.() ?? web.close());

  async function importing(url: string) {
    const entry = await server.call('media', 'add', { ks, entry: { objectType: 'KalturaMediaEntry', mediaType: 1 } });
    const answer = await server.call('media', 'addContent', { ks, entryId: entry.id, resource: { objectType: 'KalturaUrlResource', url } });
    assert.equal(answer.status, 0, 'IMPORT');
    for (let i = 0; i < 100 && (await get(entry.id)).status === 0; i++) await new Promise((r) => setTimeout(r, 30));
    return entry.id as string;
  }

  test('downloads the link: READY with exactly its bytes', async () => {
    const entryId = await importing(`${origin}/a.mp4`);
    assert.equal((await get(entryId)).status, 2);
    assert.equal((await server.api.entryInfo(entryId))!.size, body.length);
  });

  test('-2 ERROR_IMPORTING for a 404, a scheme other than http(s), more than importMaxBytes, or a download that does not end in time', async () => {
    assert.equal((await get(await importing(`${origin}/missing.mp4`))).status, -2);
    assert.equal((await get(await importing('file:///etc/passwd'))).status, -2);
    server.api.setOptions({ importMaxBytes: 1000, importTimeoutMs: 500 });
    try {
      assert.equal((await get(await importing(`${origin}/big.mp4`))).status, -2);
      assert.equal((await get(await importing(`${origin}/slow.mp4`))).status, -2);
    } finally {
      server.api.setOptions({ importMaxBytes: 2 * 1024 ** 3, importTimeoutMs: 60_000 });
    }
  });
});
