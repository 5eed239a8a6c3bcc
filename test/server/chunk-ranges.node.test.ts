// Chunks written at their offset as they arrive, with the received ranges kept beside the file:
// overlapping and duplicate chunks, gaps filled later, bytes of a cut request that never count
// (not even after a restart), a chunk of a file that resume=false replaced meanwhile, fields sent
// after the file part (the copy path), and a data dir written before ranges were kept.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { rangeWriter } from '../../server/state/token-file.ts';
import { sha256, startTestServer, testBytes, type TestServer } from './node-test-kit.ts';
// Token sizes come back as JSON strings, as kaltura.com sends them: compared here as numbers.

let server: TestServer;
let ks: string;

before(async () => {
  server = await startTestServer({ finalChunkWaitMs: 1000 });
  ks = await server.ks({ userId: 'alice' });
});
after(() => server.close());
beforeEach(() => server.api.faults.clear());

const newToken = async () => (await server.call('uploadtoken', 'add', { ks, uploadToken: { fileName: 'r.mp4' } })).id as string;
const chunk = (tokenId: string, data: Uint8Array<ArrayBuffer>, start: number, end: number, final = false) =>
  server.upload(ks, tokenId, data.slice(start, end), { resume: start > 0, resumeAt: start, finalChunk: final });

describe('chunk ranges', () => {
  test('a continuing chunk is written at its offset as it arrives: nothing waits in incoming/', async () => {
    const id = await newToken();
    const data = testBytes(100 + 512 * 1024, 20);
    await chunk(id, data, 0, 100);
    server.api.faults.set([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 1024 * 1024 }]);
    const slow = chunk(id, data, 100, data.length, true);
    await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(fs.readdirSync(path.join(server.dataDir, 'incoming')), [], 'no copy of the chunk on its way');
    assert.ok(fs.statSync(path.join(server.dataDir, 'tokens', id, 'data')).size > 100, 'its bytes are in the token file already');
    assert.equal((await server.api.tokenInfo(id))?.uploadedFileSize, 100, '...but count only once the call succeeds');
    assert.equal((await slow).status, 2);
    assert.equal((await server.api.tokenInfo(id))?.sha256, sha256(data));
  });

  test('overlapping chunks extend the file; a duplicate changes nothing, even with other bytes', async () => {
    const id = await newToken();
    const data = testBytes(300, 21);
    await chunk(id, data, 0, 100);
    assert.equal(Number((await chunk(id, data, 50, 150)).uploadedFileSize), 150, 'overlapping the end');
    assert.equal(Number((await chunk(id, data, 120, 220)).uploadedFileSize), 220);
    const other = testBytes(300, 99);
    const dup = await server.upload(ks, id, other.slice(100, 200), { resume: true, resumeAt: 100, finalChunk: false });
    assert.equal(Number(dup.uploadedFileSize), 220, 'wholly inside: nothing to add');
    assert.equal((await chunk(id, data, 200, 300, true)).status, 2);
    const info = await server.api.tokenInfo(id);
    assert.equal(info?.sha256, sha256(data), 'received bytes are never overwritten');
    assert.equal(info?.parkedChunks, 0);
  });

  test('early chunks that overlap each other wait as one stretch and join when the gap fills', async () => {
    const id = await newToken();
    const data = testBytes(400, 22);
    await chunk(id, data, 0, 100);
    await chunk(id, data, 250, 350);
    const early = await chunk(id, data, 200, 300);
    assert.equal(Number(early.uploadedFileSize), 100);
    assert.equal((await server.api.tokenInfo(id))?.parkedChunks, 1, '[200, 350) is one stretch');
    await chunk(id, data, 360, 400);
    assert.equal((await server.api.tokenInfo(id))?.parkedChunks, 2);
    assert.equal(Number((await chunk(id, data, 100, 200)).uploadedFileSize), 350);
    const final = await chunk(id, data, 350, 360);
    assert.equal(Number(final.uploadedFileSize), 400);
    const closing = await server.upload(ks, id, new Uint8Array(0), { resume: true, resumeAt: 400, finalChunk: true });
    assert.equal(closing.status, 2);
    assert.equal((await server.api.tokenInfo(id))?.sha256, sha256(data));
  });

  test('bytes of a request cut half-way never count, not even after a restart', async () => {
    const id = await newToken();
    const data = testBytes(3 * 1024 * 1024, 23);
    await chunk(id, data, 0, 1024 * 1024);
    server.api.faults.set([{ kind: 'drop', action: 'upload', afterBytes: 512 * 1024, times: 1 }]);
    await assert.rejects(chunk(id, testBytes(3 * 1024 * 1024, 77), 1024 * 1024, 3 * 1024 * 1024, true));
    assert.deepEqual([(await server.api.tokenInfo(id))?.size, (await server.api.tokenInfo(id))?.parkedChunks], [1024 * 1024, 0]);
    await server.api.restart();
    const after = await server.call('uploadtoken', 'get', { ks, uploadTokenId: id });
    assert.deepEqual([after.status, Number(after.uploadedFileSize)], [1, 1024 * 1024]);
    // The cut request wrote other bytes where these go: the right ones replace them.
    assert.equal((await chunk(id, data, 1024 * 1024, 3 * 1024 * 1024, true)).status, 2);
    assert.equal((await server.api.tokenInfo(id))?.sha256, sha256(data));
  });

  test('received ranges survive a restart: an early chunk still waits for its gap', async () => {
    const id = await newToken();
    const data = testBytes(3000, 24);
    await chunk(id, data, 0, 1000);
    await chunk(id, data, 2000, 2500);
    await server.api.restart();
    const info = await server.api.tokenInfo(id);
    assert.deepEqual([info?.uploadedFileSize, info?.parkedChunks], [1000, 1]);
    assert.equal(Number((await chunk(id, data, 1000, 2000)).uploadedFileSize), 2500);
    assert.equal((await chunk(id, data, 2500, 3000, true)).status, 2);
    assert.equal((await server.api.tokenInfo(id))?.sha256, sha256(data));
  });

  test('a chunk still arriving when resume=false replaced the file is not counted', async () => {
    const id = await newToken();
    const data = testBytes(256 * 1024 + 100, 25);
    await chunk(id, data, 0, 100);
    server.api.faults.set([{ kind: 'bandwidth', action: 'upload', resume: true, bytesPerSecond: 512 * 1024 }]);
    const slow = chunk(id, data, 100, data.length);
    await new Promise((r) => setTimeout(r, 150));
    const restart = testBytes(50, 26);
    assert.equal(Number((await server.upload(ks, id, restart, { resume: false, finalChunk: false })).uploadedFileSize), 50);
    assert.equal(Number((await slow).uploadedFileSize), 50, 'its bytes went to the old file');
    const info = await server.api.tokenInfo(id);
    assert.deepEqual([info?.sha256, info?.parkedChunks], [sha256(restart), 0]);
  });

  test('fields after the file part: the chunk waits in incoming/ and is copied into place', async () => {
    const id = await newToken();
    const data = testBytes(200, 27);
    await chunk(id, data, 0, 100);
    const form = new FormData();
    form.append('fileData', new Blob([data.slice(100)]), 'r.mp4');
    for (const [k, v] of Object.entries({ ks, format: '1', uploadTokenId: id, resume: 'true', resumeAt: '100', finalChunk: 'true' })) form.append(k, v);
    const res = await (await fetch(`${server.url}/api_v3/service/uploadtoken/action/upload`, { method: 'POST', body: form })).json();
    assert.deepEqual([res.status, Number(res.uploadedFileSize)], [2, 200]);
    assert.equal((await server.api.tokenInfo(id))?.sha256, sha256(data));
  });
});

/** The files this process holds open, as /proc/self/fd names them (Linux). */
const openFiles = () => fs.readdirSync('/proc/self/fd').map((fd) => { try { return fs.readlinkSync(`/proc/self/fd/${fd}`); } catch { return ''; } });

test('a chunk writer destroyed while its file is still being opened (a client gone at once) closes that file', async (t) => {
  if (!fs.existsSync('/proc/self/fd')) return t.skip('no /proc/self/fd here to see open files');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kcu-writer-'));
  const file = path.join(dir, 'data');
  fs.writeFileSync(file, '');
  try {
    for (let i = 0; i < 20; i++) {
      const writer = rangeWriter(file, 0, () => []);
      writer.write(Buffer.from('bytes'));
      writer.destroy(new Error('the client went away'));
      writer.on('error', () => {});
    }
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(openFiles().filter((f) => f === file), [], 'no handle on the file left open');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a data dir from before ranges were kept: the data file is the contiguous bytes', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaltura-old-dir-'));
  const id = `0_${'ab'.repeat(16)}`;
  const data = testBytes(300, 28);
  fs.mkdirSync(path.join(dataDir, 'tokens', id), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'tokens', id, 'data'), data.subarray(0, 100));
  const now = Date.now();
  const token = { id, partnerId: 100, userId: 'alice', status: 1, fileName: 'old.mp4', uploadedFileSize: 100, autoFinalize: false, createdAt: now, updatedAt: now, hasFile: true };
  fs.writeFileSync(path.join(dataDir, 'state.json'), JSON.stringify({ version: 1, tokens: [token], entries: [] }));
  const old = await startTestServer({ dataDir });
  try {
    const oldKs = await old.ks({ userId: 'alice' });
    assert.equal(Number((await old.call('uploadtoken', 'get', { ks: oldKs, uploadTokenId: id })).uploadedFileSize), 100);
    const final = await old.upload(oldKs, id, data.slice(100), { resume: true, resumeAt: 100, finalChunk: true });
    assert.equal(final.status, 2);
    assert.equal((await old.api.tokenInfo(id))?.sha256, sha256(data));
  } finally {
    await old.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
