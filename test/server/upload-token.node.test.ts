// uploadToken.add/get/upload/list/delete against the running server, with the chunk semantics of
// Kaltura's kUploadTokenMgr (protocol notes sections 4-7).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { listFiles, sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer({ finalChunkWaitMs: 1500 });
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());

const addToken = (fields: Record<string, unknown> = { fileName: 'movie.mp4' }, session = ks) =>
  server.call('uploadtoken', 'add', { ks: session, uploadToken: { objectType: 'KalturaUploadToken', ...fields } });

describe('uploadToken.add / get / list / delete', () => {
  test('add returns a PENDING token with the Kaltura id format and no uploadedFileSize', async () => {
    const token = await addToken({ fileName: 'movie.mp4', fileSize: 1234 });
    assert.match(token.id, /^0_[0-9a-f]{32}$/);
    assert.equal(token.status, 0);
    assert.equal(token.partnerId, 100);
    assert.equal(token.userId, 'alice');
    assert.equal(token.fileName, 'movie.mp4');
    assert.equal(token.fileSize, '1234', 'sizes are JSON strings, as on kaltura.com');
    assert.equal('uploadedFileSize' in token, false);
    assert.equal(Object.keys(token).at(-1), 'objectType');
    assert.equal(token.objectType, 'KalturaUploadToken');
    assert.deepEqual(await server.call('uploadtoken', 'get', { ks, uploadTokenId: token.id }), token);
  });

  test('add without an uploadToken object is allowed', async () => {
    assert.equal((await server.call('uploadtoken', 'add', { ks })).status, 0);
  });

  test('a read-only field on add gives PROPERTY_VALIDATION_NOT_UPDATABLE', async () => {
    const error = await addToken({ fileName: 'a.mp4', status: 2 });
    assert.equal(error.code, 'PROPERTY_VALIDATION_NOT_UPDATABLE');
    assert.deepEqual(error.args, { PROP_NAME: 'KalturaUploadToken::status' });
  });

  test('autoFinalize without fileSize gives UPLOAD_TOKEN_MISSING_FILE_SIZE', async () => {
    assert.equal((await addToken({ fileName: 'a.mp4', autoFinalize: 1 })).code, 'UPLOAD_TOKEN_MISSING_FILE_SIZE');
  });

  test('a bad enum value gives INVALID_ENUM_VALUE with Kaltura’s arguments', async () => {
    const error = await addToken({ fileName: 'a.mp4', autoFinalize: 7 });
    assert.equal(error.code, 'INVALID_ENUM_VALUE');
    assert.deepEqual(error.args, { ENUM_VAL: '7', PARAM_NAME: 'autoFinalize', ENUM_TYPE: 'KalturaNullableBoolean' });
  });

  test('get of an unknown token gives UPLOAD_TOKEN_NOT_FOUND with empty args []', async () => {
    const error = await server.call('uploadtoken', 'get', { ks, uploadTokenId: '0_00000000000000000000000000000000' });
    assert.deepEqual(error, { code: 'UPLOAD_TOKEN_NOT_FOUND', message: 'Upload token not found', objectType: 'KalturaAPIException', args: [] });
  });

  test('get without uploadTokenId gives MISSING_MANDATORY_PARAMETER', async () => {
    const error = await server.call('uploadtoken', 'get', { ks });
    assert.equal(error.code, 'MISSING_MANDATORY_PARAMETER');
    assert.deepEqual(error.args, { PARAM_NAME: 'uploadTokenId' });
    assert.equal(error.message, 'Missing parameter "uploadTokenId"');
  });

  test('a USER KS sees only its own tokens; ADMIN sees all', async () => {
    const bobKs = await server.ks({ userId: 'bob' });
    const adminKs = await server.ks({ type: 2, userId: '' });
    const token = await addToken({ fileName: 'mine.mp4' });
    for (const action of ['get', 'delete']) {
      assert.equal((await server.call('uploadtoken', action, { ks: bobKs, uploadTokenId: token.id })).code, 'UPLOAD_TOKEN_NOT_FOUND');
    }
    const upload = await server.upload(bobKs, token.id, testBytes(10), { resume: false, finalChunk: false, resumeAt: 0 });
    assert.equal(upload.code, 'UPLOAD_TOKEN_NOT_FOUND');
    const bobList = await server.call('uploadtoken', 'list', { ks: bobKs, filter: { idEqual: token.id } });
    assert.equal(bobList.totalCount, 0);
    assert.equal((await server.call('uploadtoken', 'get', { ks: adminKs, uploadTokenId: token.id })).id, token.id);
  });

  test('list filters by fileNameEqual (live tokens only), statusEqual and pages', async () => {
    const name = `list-${Date.now()}.mp4`;
    const a = await addToken({ fileName: name });
    const b = await addToken({ fileName: name });
    await server.call('uploadtoken', 'delete', { ks, uploadTokenId: b.id });
    const live = await server.call('uploadtoken', 'list', { ks, filter: { objectType: 'KalturaUploadTokenFilter', fileNameEqual: name } });
    assert.equal(live.objectType, 'KalturaUploadTokenListResponse');
    assert.deepEqual(live.objects.map((t: { id: string }) => t.id), [a.id]);
    const deleted = await server.call('uploadtoken', 'list', { ks, filter: { fileNameEqual: name, statusEqual: 5 } });
    assert.deepEqual(deleted.objects.map((t: { id: string }) => t.id), [b.id]);
    const paged = await server.call('uploadtoken', 'list', { ks, filter: { fileNameEqual: name, statusIn: '0,5' }, pager: { pageSize: 1, pageIndex: 2 } });
    assert.equal(paged.totalCount, 2);
    assert.equal(paged.objects.length, 1);
  });

  test('delete sets DELETED whatever the status, returns null, and blocks uploads', async () => {
    const token = await addToken();
    assert.equal(await server.call('uploadtoken', 'delete', { ks, uploadTokenId: token.id }), null);
    assert.equal((await server.call('uploadtoken', 'get', { ks, uploadTokenId: token.id })).status, 5);
    const upload = await server.upload(ks, token.id, testBytes(5), { resume: false, finalChunk: true });
    assert.equal(upload.code, 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  });
});

describe('uploadToken.upload', () => {
  test('a single-shot upload (defaults resume=false, finalChunk=true) makes the token FULL_UPLOAD', async () => {
    const token = await addToken();
    const data = testBytes(1000, 7);
    const result = await server.upload(ks, token.id, data, {});
    assert.equal(result.status, 2);
    assert.equal(result.uploadedFileSize, '1000');
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('three sequential chunks: statuses 1, 1, 2 and contiguous uploadedFileSize', async () => {
    const token = await addToken({ fileName: 'three.mp4', fileSize: 300 });
    const data = testBytes(300, 3);
    const r1 = await server.upload(ks, token.id, data.subarray(0, 100), { resume: false, finalChunk: false, resumeAt: 0 });
    assert.deepEqual([r1.status, r1.uploadedFileSize], [1, '100']);
    const r2 = await server.upload(ks, token.id, data.subarray(100, 200), { resume: true, finalChunk: false, resumeAt: 100 });
    assert.deepEqual([r2.status, r2.uploadedFileSize], [1, '200']);
    const r3 = await server.upload(ks, token.id, data.subarray(200), { resume: true, finalChunk: true, resumeAt: 200 });
    assert.deepEqual([r3.status, r3.uploadedFileSize], [2, '300']);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('resume=true before any data gives UPLOAD_TOKEN_CANNOT_RESUME', async () => {
    const token = await addToken();
    const error = await server.upload(ks, token.id, testBytes(10), { resume: true, finalChunk: false, resumeAt: 0 });
    assert.equal(error.code, 'UPLOAD_TOKEN_CANNOT_RESUME');
    assert.equal(error.message, 'Cannot resume the upload, original file was not found');
  });

  test('resume=false restarts the file from scratch', async () => {
    const token = await addToken();
    await server.upload(ks, token.id, testBytes(50, 1), { resume: false, finalChunk: false, resumeAt: 0 });
    const again = testBytes(20, 2);
    const r = await server.upload(ks, token.id, again, { resume: false, finalChunk: false, resumeAt: 0 });
    assert.equal(r.uploadedFileSize, '20');
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(again));
  });

  test('resumeAt=-1 appends at the end', async () => {
    const token = await addToken();
    const data = testBytes(30, 9);
    await server.upload(ks, token.id, data.subarray(0, 10), { resume: false, finalChunk: false });
    await server.upload(ks, token.id, data.subarray(10, 20), { resume: true, finalChunk: false, resumeAt: -1 });
    const r = await server.upload(ks, token.id, data.subarray(20), { resume: true, finalChunk: true, resumeAt: -1 });
    assert.deepEqual([r.status, r.uploadedFileSize], [2, '30']);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('an out-of-order chunk is parked; uploadedFileSize counts contiguous bytes only', async () => {
    const token = await addToken();
    const data = testBytes(300, 4);
    await server.upload(ks, token.id, data.subarray(0, 100), { resume: false, finalChunk: false, resumeAt: 0 });
    const early = await server.upload(ks, token.id, data.subarray(200, 300), { resume: true, finalChunk: false, resumeAt: 200 });
    assert.deepEqual([early.status, early.uploadedFileSize], [1, '100']);
    assert.equal((await server.api.tokenInfo(token.id))?.parkedChunks, 1);
    const gap = await server.upload(ks, token.id, data.subarray(100, 200), { resume: true, finalChunk: false, resumeAt: 100 });
    assert.equal(gap.uploadedFileSize, '300');
    const info = await server.api.tokenInfo(token.id);
    assert.equal(info?.parkedChunks, 0);
    assert.equal(info?.sha256, sha256(data));
  });

  test('the empty-chunk rule: a zero-byte middle chunk past 0 is ignored; a zero-byte final chunk closes', async () => {
    const token = await addToken();
    const data = testBytes(40, 5);
    const first = await server.upload(ks, token.id, data, { resume: false, finalChunk: false, resumeAt: 0 });
    const empty = await server.upload(ks, token.id, new Uint8Array(0), { resume: true, finalChunk: false, resumeAt: 40 });
    assert.deepEqual(empty, first);
    const closing = await server.upload(ks, token.id, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: 40 });
    assert.deepEqual([closing.status, closing.uploadedFileSize], [2, '40']);
  });

  test('the final chunk waits for a missing chunk that arrives meanwhile', async () => {
    const token = await addToken();
    const data = testBytes(300, 6);
    await server.upload(ks, token.id, data.subarray(0, 100), { resume: false, finalChunk: false, resumeAt: 0 });
    const final = server.upload(ks, token.id, data.subarray(200), { resume: true, finalChunk: true, resumeAt: 200 });
    await new Promise((r) => setTimeout(r, 100));
    await server.upload(ks, token.id, data.subarray(100, 200), { resume: true, finalChunk: false, resumeAt: 100 });
    assert.equal((await final).status, 2);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('a final chunk whose gap never fills gives UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE; parked chunks stay, a retry succeeds', async () => {
    const token = await addToken();
    const data = testBytes(300, 8);
    await server.upload(ks, token.id, data.subarray(0, 100), { resume: false, finalChunk: false, resumeAt: 0 });
    const final = await server.upload(ks, token.id, data.subarray(200), { resume: true, finalChunk: true, resumeAt: 200 });
    assert.equal(final.code, 'UPLOAD_TOKEN_CANNOT_MATCH_EXPECTED_SIZE');
    assert.equal(final.message, 'Failed to match expected file size');
    const info = await server.api.tokenInfo(token.id);
    assert.equal(info?.status, 1);
    assert.equal(info?.parkedChunks, 1);
    await server.upload(ks, token.id, data.subarray(100, 200), { resume: true, finalChunk: false, resumeAt: 100 });
    const retry = await server.upload(ks, token.id, data.subarray(200), { resume: true, finalChunk: true, resumeAt: 200 });
    assert.equal(retry.status, 2);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('a second final chunk gives UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD', async () => {
    const token = await addToken();
    const data = testBytes(20, 10);
    await server.upload(ks, token.id, data.subarray(0, 10), { resume: false, finalChunk: false, resumeAt: 0 });
    assert.equal((await server.upload(ks, token.id, data.subarray(10), { resume: true, finalChunk: true, resumeAt: 10 })).status, 2);
    const again = await server.upload(ks, token.id, data.subarray(10), { resume: true, finalChunk: true, resumeAt: 10 });
    assert.equal(again.code, 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD');
  });

  test('two concurrent final chunks: one succeeds, the other gets UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD', async () => {
    const token = await addToken();
    const data = testBytes(20, 11);
    await server.upload(ks, token.id, data.subarray(0, 10), { resume: false, finalChunk: false, resumeAt: 0 });
    const results = await Promise.all([0, 1].map(() => server.upload(ks, token.id, data.subarray(10), { resume: true, finalChunk: true, resumeAt: 10 })));
    assert.deepEqual(results.map((r) => r.status ?? r.code).sort(), [2, 'UPLOAD_TOKEN_INVALID_STATUS_FOR_UPLOAD'].sort());
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('20 chunks in shuffled order, 6 at a time, merge to the right bytes', async () => {
    const chunkSize = 64 * 1024 + 13;
    const data = testBytes(20 * chunkSize - 777, 12);
    const token = await addToken({ fileName: 'parallel.mp4', fileSize: data.length });
    const offsets = Array.from({ length: 20 }, (_, i) => i * chunkSize);
    await server.upload(ks, token.id, data.subarray(0, chunkSize), { resume: false, finalChunk: false, resumeAt: 0 });
    // Chunks 1..19 (the last one final) in a fixed shuffled order, at most 6 in flight.
    const order = offsets.slice(1).sort((a, b) => ((a * 7919) % 101) - ((b * 7919) % 101));
    const results: any[] = [];
    const queue = [...order];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let offset = queue.shift(); offset !== undefined; offset = queue.shift()) {
          const final = offset === offsets.at(-1);
          results.push(await server.upload(ks, token.id, data.subarray(offset, offset + chunkSize), { resume: true, finalChunk: final, resumeAt: offset }));
        }
      }),
    );
    assert.equal(results.filter((r) => r.objectType !== 'KalturaUploadToken').length, 0, JSON.stringify(results.find((r) => r.code)));
    const info = await server.api.tokenInfo(token.id);
    assert.equal(info?.status, 2);
    assert.equal(info?.size, data.length);
    assert.equal(info?.sha256, sha256(data));
    assert.equal(info?.parkedChunks, 0);
  });

  test('a PARTIAL token older than the resume window gives UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED', async () => {
    const token = await addToken();
    await server.upload(ks, token.id, testBytes(10), { resume: false, finalChunk: false, resumeAt: 0 });
    server.api.store.tokens.get(token.id)!.updatedAt -= 604_801_000;
    const error = await server.upload(ks, token.id, testBytes(10), { resume: true, finalChunk: false, resumeAt: 10 });
    assert.deepEqual(error, {
      code: 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED',
      message: 'Max resume time of 604800 seconds reached, cannot resume upload',
      objectType: 'KalturaAPIException',
      args: { MAX_RESUME_TIME: '604800' },
    });
  });

  test('the resume window is configurable', async () => {
    server.api.setOptions({ maxResumeSeconds: 1 });
    try {
      const token = await addToken();
      await server.upload(ks, token.id, testBytes(10), { resume: false, finalChunk: false, resumeAt: 0 });
      await new Promise((r) => setTimeout(r, 1100));
      const error = await server.upload(ks, token.id, testBytes(10), { resume: true, finalChunk: false, resumeAt: 10 });
      assert.equal(error.code, 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED');
      assert.deepEqual(error.args, { MAX_RESUME_TIME: '1' });
    } finally {
      server.api.setOptions({ maxResumeSeconds: 604_800 });
    }
  });

  test('without fileData: MISSING_MANDATORY_PARAMETER; fileData as a plain field: UPLOAD_ERROR', async () => {
    const token = await addToken();
    const missing = await server.call('uploadtoken', 'upload', { ks, uploadTokenId: token.id });
    assert.deepEqual([missing.code, missing.args], ['MISSING_MANDATORY_PARAMETER', { PARAM_NAME: 'fileData' }]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ ks, format: '1', uploadTokenId: token.id, fileData: 'not a file' })) form.append(k, v);
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/upload`, { method: 'POST', body: form });
    assert.equal((await res.json()).code, 'UPLOAD_ERROR');
  });

  test('malformed multipart (body cut inside the file part) gives UPLOAD_ERROR, HTTP 200', async () => {
    const token = await addToken();
    const boundary = 'XyZbOuNdArY';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="ks"\r\n\r\n${ks}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\n1\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="uploadTokenId"\r\n\r\n${token.id}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="fileData"; filename="a.mp4"\r\nContent-Type: application/octet-stream\r\n\r\nsome bytes without an end`;
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/upload`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
      body,
    });
    assert.equal(res.status, 200);
    assert.equal((await res.json()).code, 'UPLOAD_ERROR');
    assert.equal((await server.api.tokenInfo(token.id))?.status, 0);
  });

  test('multipart without a boundary is read as an empty body, never a 500', async () => {
    const res = await fetch(`${server.url}/api_v3/service/uploadtoken/action/upload?format=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data' },
      body: 'garbage',
    });
    assert.equal(res.status, 200);
    assert.deepEqual((await res.json()).args, { PARAM_NAME: 'uploadTokenId' });
  });

  test('a path-like file name is reduced to its base name and nothing is written outside the data dir', async () => {
    const token = await server.call('uploadtoken', 'add', { ks });
    const escape = path.join(path.dirname(server.dataDir), 'escaped-by-upload.txt');
    fs.rmSync(escape, { force: true });
    const r = await server.upload(ks, token.id, testBytes(10), { resume: false, finalChunk: true, fileName: '../../escaped-by-upload.txt' });
    assert.equal(r.status, 2);
    assert.equal(r.fileName, 'escaped-by-upload.txt');
    assert.equal(fs.existsSync(escape), false);
    const bad = await server.call('uploadtoken', 'get', { ks, uploadTokenId: '../../etc/passwd' });
    assert.equal(bad.code, 'UPLOAD_TOKEN_NOT_FOUND');
    assert.ok(listFiles(server.dataDir).every((f) => !f.startsWith('..')));
  });

  test('an oversize file name is cut to 255 characters; control characters are dropped', async () => {
    const token = await server.call('uploadtoken', 'add', { ks });
    const r = await server.upload(ks, token.id, testBytes(5), { resume: false, finalChunk: true, fileName: `${'x'.repeat(5000)}.mp4` });
    assert.deepEqual([r.status, r.fileName.length], [2, 255]);
    const other = await server.call('uploadtoken', 'add', { ks });
    const tabbed = await server.upload(ks, other.id, testBytes(5), { resume: false, finalChunk: true, fileName: 'a\tb.mp4' });
    assert.equal(tabbed.fileName, 'ab.mp4');
  });

  test('the first chunk’s multipart file name becomes the token’s fileName when it had none', async () => {
    const token = await server.call('uploadtoken', 'add', { ks });
    const r = await server.upload(ks, token.id, testBytes(5), { resume: false, finalChunk: false, resumeAt: 0 });
    assert.equal(r.fileName, 'blob');
  });
});

describe('persistence', () => {
  test('a restart between two chunks loses nothing (token, bytes, parked chunks)', async () => {
    const token = await addToken({ fileName: 'restart.mp4' });
    const data = testBytes(3000, 13);
    await server.upload(ks, token.id, data.subarray(0, 1000), { resume: false, finalChunk: false, resumeAt: 0 });
    await server.upload(ks, token.id, data.subarray(2000), { resume: true, finalChunk: false, resumeAt: 2000 });
    await server.api.restart();
    const after = await server.call('uploadtoken', 'get', { ks, uploadTokenId: token.id });
    assert.deepEqual([after.status, after.uploadedFileSize, after.fileName], [1, '1000', 'restart.mp4']);
    assert.equal((await server.api.tokenInfo(token.id))?.parkedChunks, 1);
    await server.upload(ks, token.id, data.subarray(1000, 2000), { resume: true, finalChunk: false, resumeAt: 1000 });
    const final = await server.upload(ks, token.id, new Uint8Array(0), { resume: true, finalChunk: true, resumeAt: 3000 });
    assert.equal(final.status, 2);
    assert.equal((await server.api.tokenInfo(token.id))?.sha256, sha256(data));
  });

  test('a new server process on the same data dir sees the same tokens', async () => {
    const token = await addToken({ fileName: 'second-process.mp4' });
    await server.upload(ks, token.id, testBytes(100, 14), { resume: false, finalChunk: false, resumeAt: 0 });
    const other = await startTestServer({ dataDir: server.dataDir });
    try {
      const seen = await other.call('uploadtoken', 'get', { ks, uploadTokenId: token.id });
      assert.deepEqual([seen.status, seen.uploadedFileSize], [1, '100']);
    } finally {
      await other.close();
    }
  });
});
