// Attach-first (option `attachFirst`, as KMC-ng does): the entry exists before the bytes, so an
// interrupted upload leaves an entry in IMPORT that the resumed upload completes.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore } from '../../src/index.js';
import { entryInfo, httpRequests, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, userKs } from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const chunk = 64 * 1024;
const IMPORT = 0;
const READY = 2;

const serverIdle = async () => {
  while ((await requestLog()).some((r) => r.outcome === 'pending')) await new Promise((r) => setTimeout(r, 50));
};

describe('ChunkedUpload: attachFirst', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  it('makes the token, then the entry with it, before the bytes; the closing chunk is the last call; chunks + 2 requests', async () => {
    const file = patternedFile(10 * chunk + 9, 'first.mp4', 'video/mp4');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, attachFirst: true });
    const result = await upload.start();
    const entry = await entryInfo(result.entryId);
    assert.equal(entry?.sha256, await sha256Hex(file));
    assert.equal(entry?.uploadTokenId, result.uploadTokenId);
    assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3);
    const calls = (await requestLog()).map((r) => `${r.service}.${r.action}`);
    assert.deepEqual(calls.slice(0, 5), ['uploadtoken.add', 'multirequest.', 'uploadtoken.list', 'media.add', 'media.addcontent']);
    assert.equal(calls.filter((c) => c.startsWith('media.')).length, 2, 'no entry call after the bytes');
    assert.equal(calls[calls.length - 1], 'uploadtoken.upload');
    assert.lengthOf(await httpRequests(), 11 + 2, 'HTTP requests = chunks + 2');
  });

  it('the entry created before the reload is the one that gets the content', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(30 * chunk + 1, 'interrupted.mp4', 'video/mp4');
    // Progress events are throttled (about 10 a second): slow the chunks so one lands mid-upload.
    // The final chunk is never answered meanwhile, so a late progress event cannot find the token whole.
    await setFaults([{ kind: 'latency', action: 'upload', ms: 40 }, { kind: 'stall', action: 'upload', finalChunk: true }]);
    const first = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, concurrency: 2, attachFirst: true, resumeStore: store });
    const reached = new Promise<void>((resolve) =>
      first.addEventListener('progress', (e) => {
        if (e.detail.bytesConfirmed >= file.size / 2 && first.state === 'uploading') resolve();
      }));
    // The "reload": the server refuses its chunks from here on, so it fails keeping its record (a
    // paused upload would still hold its file, upload-lock.ts), and it is dropped.
    const failed = first.start().catch(() => undefined);
    await reached;
    await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_NOT_FOUND', action: 'upload' }]);
    await failed;
    await serverIdle();
    await setFaults([]);
    const [[, record]] = store.entries();
    assert.ok(record.entryId, 'the record keeps the entry');
    assert.equal((await entryInfo(record.entryId!))?.status, IMPORT, 'the entry waits for its bytes');

    const logBefore = (await requestLog()).length;
    const second = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, attachFirst: true, resumeStore: store });
    const result = await second.start();
    assert.equal(result.entryId, record.entryId);
    assert.equal(result.uploadTokenId, record.uploadTokenId);
    assert.isAbove(second.resumedFrom, 0);
    const entry = await entryInfo(result.entryId);
    assert.equal(entry?.sha256, await sha256Hex(file));
    assert.oneOf(entry?.status, [1, READY]);
    const after = (await requestLog()).slice(logBefore).map((r) => `${r.service}.${r.action}`);
    assert.notInclude(after, 'media.add', 'no second entry');
    assert.notInclude(after, 'media.addcontent');
    assert.lengthOf(store.entries(), 0);
  });
});
