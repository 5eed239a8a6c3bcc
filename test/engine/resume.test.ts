// "Nothing lost": an upload interrupted by a reload continues when the same file is given to a new
// ChunkedUpload with the same resume store. The reload is simulated by the server refusing the first
// upload's chunks once it got far enough (it fails and keeps its record and token, as a closed tab's
// upload does; a paused one would still hold its file: upload-lock.ts), then dropping the object.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, LocalStorageResumeStore, MemoryResumeStore, forgetInterruptedUpload, type ChunkedUploadOptions, type ResumeStore } from '../../src/index.js';
import {
  entryInfo, requestLog, resetServer, restartServer, setFaults, setServerOptions, sha256Hex, tokenInfo, userKs,
} from '../helpers/kaltura-server.js';
import { patternedFile } from './upload-helpers.js';

const KiB = 1024;
const chunk = 64 * KiB;
const concurrency = 3;

/** Starts an upload and "closes the tab" once `fraction` of the file is confirmed. */
async function interrupt(file: File, options: Partial<ChunkedUploadOptions>, fraction = 0.5): Promise<ChunkedUpload> {
  // Progress events are throttled (about 10 a second): slow the chunks so one lands mid-upload.
  // The final chunk is never answered meanwhile: on a loaded machine the event could come so late
  // that the final chunk got through before the pause, and the "interrupted" token was whole.
  await setFaults([{ kind: 'latency', action: 'upload', ms: 40 }, { kind: 'stall', action: 'upload', finalChunk: true }]);
  const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, concurrency, ...options });
  const reached = new Promise<void>((resolve) => {
    upload.addEventListener('progress', (e) => {
      if (e.detail.bytesConfirmed >= file.size * fraction && upload.state === 'uploading') resolve();
    });
  });
  const failed = upload.start().then(() => assert.fail('the upload was to be cut off'), () => undefined);
  await reached;
  await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_NOT_FOUND', action: 'upload' }]);
  await failed;
  await serverIdle();
  await setFaults([]);
  return upload;
}

/** Waits until the server has answered (or seen the end of) every request: the "reload" is over. */
async function serverIdle(): Promise<void> {
  while ((await requestLog()).some((r) => r.outcome === 'pending')) await new Promise((r) => setTimeout(r, 50));
}

const uploadedBytes = async (fromIndex: number) =>
  (await requestLog()).slice(fromIndex).filter((r) => r.action === 'upload').reduce((sum, r) => sum + (r.bytes ?? 0), 0);

async function resumeAndVerify(file: File, options: Partial<ChunkedUploadOptions>) {
  const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, concurrency, ...options });
  const result = await upload.start();
  const expected = await sha256Hex(file);
  assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3, 'the token is closed');
  assert.equal((await entryInfo(result.entryId))?.sha256, expected, 'the entry holds exactly the file');
  return { upload, result };
}

async function onlyRecord(store: ResumeStore) {
  const entries = (await store.entries!()) ?? [];
  assert.lengthOf(entries, 1, 'one remembered upload');
  return entries[0];
}

describe('ChunkedUpload: resume after a reload', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  it('continues the same token at the server offset and sends only what was missing', async () => {
    const prefix = `kcu-test-${Math.random()}:`;
    const store = new LocalStorageResumeStore(prefix);
    const file = patternedFile(40 * chunk + 5, 'reload.mp4', 'video/mp4');
    const firstKs = await userKs();
    const first = await interrupt(file, { resumeStore: store, ks: firstKs });
    const [, record] = await onlyRecord(store);
    assert.equal(record.uploadTokenId, first.uploadTokenId);
    assert.equal(record.chunkSize, chunk);
    for (let i = 0; i < localStorage.length; i++) {
      assert.notInclude(localStorage.getItem(localStorage.key(i)!) ?? '', firstKs, 'the KS is never stored');
    }
    const held = (await tokenInfo(first.uploadTokenId!))!.uploadedFileSize ?? 0;
    assert.isAbove(held, 0);
    const remaining = file.size - held;
    const logBefore = (await requestLog()).length;

    const { upload, result } = await resumeAndVerify(file, {
      resumeStore: store, chunkSize: 4 * chunk, // a new plan: chunk boundaries need not match the old ones
    });
    assert.equal(result.uploadTokenId, first.uploadTokenId, 'the remembered token got the rest');
    assert.equal(upload.resumedFrom, held);
    const sentAfter = await uploadedBytes(logBefore);
    assert.isBelow(sentAfter, remaining + chunk * concurrency, 'only the missing bytes were sent again');
    assert.isAtLeast(sentAfter, remaining);
    const chunks = (await requestLog()).slice(logBefore).filter((r) => r.action === 'upload');
    assert.equal(chunks[0].resumeAt, held, 'the new plan starts where the server stands');
    assert.isTrue(chunks.slice(0, -1).every((r) => r.bytes === 4 * chunk), 'in the chunk size of the new upload');
    assert.lengthOf(store.entries(), 0, 'the record is removed on completion');
  });

  it('continues an upload interrupted in fixed chunks with chunks the engine sizes itself', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(160 * chunk + 5, 'replan.mp4', 'video/mp4');
    const first = await interrupt(file, { resumeStore: store });
    const held = (await tokenInfo(first.uploadTokenId!))!.uploadedFileSize ?? 0;
    const logBefore = (await requestLog()).length;
    const { result } = await resumeAndVerify(file, { resumeStore: store, chunkSize: undefined });
    assert.equal(result.uploadTokenId, first.uploadTokenId);
    const chunks = (await requestLog()).slice(logBefore).filter((r) => r.action === 'upload');
    assert.equal(chunks[0].resumeAt, held, 'a 1 MiB probe from where the server stands');
    assert.equal(chunks[0].bytes, 1024 * 1024);
    assert.isBelow(await uploadedBytes(logBefore), file.size - held + chunk * concurrency, 'only what was missing (and what was in flight)');
  });

  it('says where it resumes from: statechange resumedFrom and progress starting there', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(30 * chunk, 'say.mov', 'video/quicktime');
    await interrupt(file, { resumeStore: store });
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, resumeStore: store });
    const events: string[] = [];
    let firstProgress: number | undefined;
    upload.addEventListener('statechange', (e) => events.push(`${e.detail.state}${e.detail.resumedFrom ? `@${e.detail.resumedFrom}` : ''}`));
    upload.addEventListener('progress', (e) => (firstProgress ??= e.detail.bytesConfirmed));
    await upload.start();
    assert.isAbove(upload.resumedFrom, 0);
    assert.equal(events[0], `uploading@${upload.resumedFrom}`);
    assert.equal(firstProgress, upload.resumedFrom);
    assert.deepEqual(events.slice(-2), ['finalizing', 'complete']);
  });

  it('does not resume a different file with the same name, size and date onto the other token', async () => {
    const store = new MemoryResumeStore();
    const original = patternedFile(20 * chunk, 'same.mp4', 'video/mp4');
    const first = await interrupt(original, { resumeStore: store });
    const other = new File([new Uint8Array(original.size).fill(7)], original.name, { type: original.type, lastModified: original.lastModified });
    const { upload, result } = await resumeAndVerify(other, { resumeStore: store });
    assert.notEqual(result.uploadTokenId, first.uploadTokenId);
    assert.equal(upload.resumedFrom, 0);
    const [, record] = await onlyRecord(store);
    assert.equal(record.uploadTokenId, first.uploadTokenId, 'the first file can still resume');
    const { result: resumed } = await resumeAndVerify(original, { resumeStore: store });
    assert.equal(resumed.uploadTokenId, first.uploadTokenId);
  });

  it('starts over when the record is older than resumeMaxAge', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(20 * chunk, 'old.mp4', 'video/mp4');
    const first = await interrupt(file, { resumeStore: store });
    const [key, record] = await onlyRecord(store);
    store.set(key, { ...record, createdAt: Date.now() - 25 * 60 * 60 * 1000 });
    const logBefore = (await requestLog()).length;
    const { upload, result } = await resumeAndVerify(file, { resumeStore: store });
    assert.notEqual(result.uploadTokenId, first.uploadTokenId);
    assert.equal(upload.resumedFrom, 0);
    assert.equal(await uploadedBytes(logBefore), file.size, 'the whole file was sent to the new token');
    assert.lengthOf(store.entries(), 0);
  });

  it('starts over cleanly when the server no longer has the token', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(20 * chunk, 'gone.mp4', 'video/mp4');
    const first = await interrupt(file, { resumeStore: store });
    const [key, record] = await onlyRecord(store);
    await forgetInterruptedUpload(store, key, { serviceUrl: location.origin, ks: await userKs() }); // deletes the token on the server
    assert.lengthOf(store.entries(), 0, 'forgetting removes the record');
    store.set(key, record); // as if the tab had closed before the record could go
    assert.isNull(await tokenInfo(first.uploadTokenId!).then((t) => (t && t.status !== 5 ? t : null)), 'the token is gone');
    const { upload, result } = await resumeAndVerify(file, { resumeStore: store });
    assert.notEqual(result.uploadTokenId, first.uploadTokenId);
    assert.equal(upload.resumedFrom, 0);
  });

  it('starts over when the server refuses to resume an old token (UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED)', async () => {
    const store = new MemoryResumeStore();
    const file = patternedFile(12 * chunk, 'window.mp4', 'video/mp4');
    const first = await interrupt(file, { resumeStore: store });
    await setServerOptions({ maxResumeSeconds: 1 });
    await new Promise((r) => setTimeout(r, 1500)); // let the token fall out of the server's window
    const { result } = await resumeAndVerify(file, { resumeStore: store, concurrency: 1 });
    assert.notEqual(result.uploadTokenId, first.uploadTokenId);
    const refused = (await requestLog()).filter((r) => r.outcome === 'UPLOAD_PASSED_MAX_RESUME_TIME_ALLOWED');
    assert.isAtLeast(refused.length, 1, 'the old token was tried and refused');
  });

  it('continues when the local API restarts while chunks are in flight', async () => {
    await setFaults([{ kind: 'latency', action: 'upload', ms: 40 }]); // chunks are in flight most of the time
    const file = patternedFile(40 * chunk + 3, 'restart.mp4', 'video/mp4');
    const retry = { retries: 8, minDelay: 50, maxDelay: 500 };
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, concurrency, retry });
    let restarted: Promise<void> | undefined;
    let logBefore = 0;
    let confirmedAtRestart = 0;
    upload.addEventListener('progress', (e) => {
      if (restarted || e.detail.bytesConfirmed < file.size / 3) return;
      confirmedAtRestart = e.detail.bytesConfirmed;
      // The server cuts the connections in flight, drops its memory and reads its data dir back.
      restarted = requestLog().then((log) => {
        logBefore = log.length;
        return restartServer();
      });
    });
    const result = await upload.start();
    await restarted;
    assert.ok(restarted, 'the server restarted mid-upload');
    assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3);
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(file), 'the entry holds exactly the file');
    // Chunks cut by the restart are sent again: at most one per request in flight.
    assert.isBelow(await uploadedBytes(logBefore), file.size - confirmedAtRestart + chunk * concurrency);
  });

  it('with a slow async store, a progress refresh still in flight at completion does not bring the record back', async () => {
    // Like IndexedDB: a write lands some time after it was asked for. Refreshes (at most one a
    // second) take 3 s here, longer than the gap between the last one and completion.
    const memory = new MemoryResumeStore();
    const pending = new Set<Promise<void>>();
    const later = (apply: () => void, ms: number) => {
      const write = new Promise<void>((resolve) => setTimeout(() => resolve(apply()), ms));
      pending.add(write);
      return write.finally(() => pending.delete(write));
    };
    const store: ResumeStore = {
      get: (key) => memory.get(key),
      set: (key, record) => later(() => memory.set(key, structuredClone(record)), record.bytesConfirmed ? 3000 : 0),
      remove: (key) => later(() => memory.remove(key), 0),
      entries: () => memory.entries(),
    };
    await setFaults([{ kind: 'latency', action: 'upload', ms: 150 }]);
    const file = patternedFile(16 * chunk + 9, 'slow-store.mp4', 'video/mp4');
    const { upload } = await resumeAndVerify(file, { resumeStore: store, concurrency: 1 });
    assert.equal(upload.state, 'complete');
    while (pending.size) await Promise.all(pending);
    assert.deepEqual(memory.entries(), [], 'no record is left once every store write has landed');
  });
});
