// Kaltura's passing failures (protocol notes 14.5, 14.6) against the real local API: exceptions
// answered over HTTP 200 and empty bodies with `X-Kaltura: error-N` are retried like network
// errors, and a remembered token whose file is gone (UPLOAD_TOKEN_CANNOT_RESUME) starts over.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, type ChunkedUploadOptions, type UploadState } from '../../src/index.js';
import { entryInfo, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, type FaultRule } from '../helpers/kaltura-server.js';
import { entriesOf, freshUserKs, patternedFile } from './upload-helpers.js';

const chunk = 64 * 1024;
const retry = { retries: 8, minDelay: 20, maxDelay: 200 };

async function verified(upload: ChunkedUpload, file: File, ks: string) {
  const result = await upload.start();
  await setFaults([]);
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.sha256, await sha256Hex(file), 'the entry holds exactly the file');
  assert.oneOf(entry?.status, [1, 2]);
  assert.equal((await tokenInfo(result.uploadTokenId))?.status, 3);
  assert.deepEqual((await entriesOf(ks)).map((e) => e.id), [result.entryId], 'no other entry of the user is left');
  return result;
}

describe('ChunkedUpload: transient Kaltura errors', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  it('completes with 10% of every call answered by a transient exception or an empty body', async () => {
    const faults: FaultRule[] = [
      // One sure hit of each kind first, so the run never depends on the dice for its assertions.
      { kind: 'exception', code: 'LOCK_TIMED_OUT', service: 'uploadToken', action: 'add', times: 1 },
      { kind: 'exception', code: 'INTERNAL_SERVERL_ERROR', action: 'upload', finalChunk: false, times: 1 },
      { kind: 'exception', code: 'INTERNAL_DATABASE_ERROR', action: 'upload', finalChunk: true, times: 1 },
      { kind: 'emptyBody', service: 'media', action: 'add', times: 1 },
      { kind: 'exception', code: 'ACTION_BLOCKED', service: 'uploadToken', action: 'upload', finalChunk: false, times: 1 },
      // Inside the entry's multirequest a failed addContent is an answer, not a failed request: it is sent again alone.
      { kind: 'exception', code: 'ACTION_BLOCKED', service: 'media', action: 'addContent', times: 1 },
      ...(['INTERNAL_SERVERL_ERROR', 'INTERNAL_DATABASE_ERROR', 'LOCK_TIMED_OUT', 'ACTION_BLOCKED'] as const)
        .map((code): FaultRule => ({ kind: 'exception', code, probability: 0.02 })),
      { kind: 'emptyBody', probability: 0.02 },
    ];
    const ks = await freshUserKs();
    const file = patternedFile(40 * chunk + 5, 'transient.mp4', 'video/mp4');
    const retried: string[] = [];
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, concurrency: 4, retry });
    upload.addEventListener('statechange', (e) => e.detail.state === 'retrying' && retried.push(e.detail.error.code));
    await setFaults(faults);
    await verified(upload, file, ks);
    const log = await requestLog();
    const faulted = log.filter((r) => r.outcome.startsWith('fault:'));
    assert.isAtLeast(faulted.length, 5);
    assert.includeMembers([...new Set(retried)], ['LOCK_TIMED_OUT', 'INTERNAL_SERVERL_ERROR', 'INTERNAL_DATABASE_ERROR', 'BAD_RESPONSE', 'ACTION_BLOCKED']);
  });

  it('waits longer after ACTION_BLOCKED (the rate limit) than after another transient error', async () => {
    const ks = await freshUserKs();
    const file = patternedFile(2 * chunk, 'blocked.mp4', 'video/mp4');
    const waits: Record<string, number> = {};
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk, retry: { retries: 3, minDelay: 20, maxDelay: 100 } });
    upload.addEventListener('statechange', (e) => e.detail.state === 'retrying' && (waits[e.detail.error.code] = e.detail.retryInMs!));
    await setFaults([
      { kind: 'exception', code: 'LOCK_TIMED_OUT', service: 'uploadToken', action: 'add', times: 1 },
      { kind: 'exception', code: 'ACTION_BLOCKED', action: 'upload', times: 1 },
    ]);
    await verified(upload, file, ks);
    assert.isAtMost(waits.LOCK_TIMED_OUT, 20);
    assert.equal(waits.ACTION_BLOCKED, 400, 'the longest wait the retry options allow (4 × maxDelay)');
  });

  it('a permanent Kaltura error still ends the upload at once, with its code', async () => {
    const ks = await freshUserKs();
    const upload = new ChunkedUpload(patternedFile(chunk, 'forbidden.mp4', 'video/mp4'), { serviceUrl: location.origin, ks, chunkSize: chunk, retry });
    await setFaults([{ kind: 'exception', code: 'USER_BLOCKED', service: 'uploadToken', action: 'add' }]);
    const states: UploadState[] = [];
    upload.addEventListener('statechange', (e) => states.push(e.detail.state));
    const error = await upload.start().then(() => null, (e) => e);
    assert.equal(error?.code, 'USER_BLOCKED');
    assert.isFalse(error.retryable);
    assert.notInclude(states, 'retrying');
  });
});

describe('ChunkedUpload: a remembered token that cannot resume', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  /**
   * Uploads half of `file` and drops the upload object, as a closed tab does: its chunks are then
   * refused, so it fails and keeps its record (a paused upload would still hold its file: upload-lock.ts).
   */
  async function interrupted(file: File, options: Partial<ChunkedUploadOptions>) {
    // The final chunk is never answered meanwhile, so a late progress event cannot find the token whole.
    await setFaults([{ kind: 'latency', action: 'upload', ms: 40 }, { kind: 'stall', action: 'upload', finalChunk: true }]);
    const first = new ChunkedUpload(file, { serviceUrl: location.origin, chunkSize: chunk, concurrency: 2, retry, ...options } as ChunkedUploadOptions);
    const failed = first.start().then(() => assert.fail('the upload was to be cut off'), () => undefined);
    await new Promise<void>((resolve) => first.addEventListener('progress', (e) => {
      if (e.detail.bytesConfirmed >= file.size / 2 && first.state === 'uploading') resolve();
    }));
    await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_NOT_FOUND', action: 'upload' }]);
    await failed;
    while ((await requestLog()).some((r) => r.outcome === 'pending')) await new Promise((r) => setTimeout(r, 50));
    await setFaults([]);
    return first;
  }

  for (const attachFirst of [false, true]) {
    it(`UPLOAD_TOKEN_CANNOT_RESUME on the remembered token starts over with a new one and completes${attachFirst ? ' (attachFirst: the old entry is deleted)' : ''}`, async () => {
      const ks = await freshUserKs();
      const store = new MemoryResumeStore();
      const file = patternedFile(20 * chunk + 3, 'cannot-resume.mp4', 'video/mp4');
      const options = { ks, resumeStore: store, attachFirst };
      const first = await interrupted(file, options);
      // The server lost the token's file: the next chunk for it is refused.
      await setFaults([{ kind: 'exception', code: 'UPLOAD_TOKEN_CANNOT_RESUME', action: 'upload', times: 1 }]);
      const second = new ChunkedUpload(file, { serviceUrl: location.origin, chunkSize: chunk, retry, ...options });
      const result = await verified(second, file, ks);
      assert.notEqual(result.uploadTokenId, first.uploadTokenId, 'a new token');
      assert.equal(second.resumedFrom, 0, 'counted from zero again');
      assert.include((await requestLog()).map((r) => r.outcome), 'fault:exception');
      assert.lengthOf(store.entries(), 0, 'the record is gone once complete');
    });
  }
});
