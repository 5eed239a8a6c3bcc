// The engine against the real local Kaltura API over HTTP: every case ends with the server's
// bytes compared to the file by sha256 and the entry holding the content.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, type UploadState } from '../../src/index.js';
import { entryInfo, httpRequests, requestLog, resetServer, setFaults, setServerOptions, sha256Hex, tokenInfo, userKs } from '../helpers/kaltura-server.js';
import { patternedFile, pauseOnce, uploadAndVerify } from './upload-helpers.js';

const KiB = 1024;

describe('ChunkedUpload: sizes and concurrency', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  const chunk = 64 * KiB;
  const sizes: [string, number][] = [
    ['1 byte', 1], ['chunk − 1', chunk - 1], ['exactly 2 × chunk', 2 * chunk], ['3 × chunk + 17', 3 * chunk + 17],
  ];
  for (const [label, size] of sizes) {
    it(`uploads ${label}`, async () => {
      const file = patternedFile(size, 'clip.mp4', 'video/mp4');
      const { entry } = await uploadAndVerify(file, { chunkSize: chunk });
      assert.equal(entry.mediaType, 1);
      const uploads = (await requestLog()).filter((r) => r.action.toLowerCase() === 'upload');
      assert.equal(uploads.length, Math.ceil(size / chunk));
      assert.equal(uploads.filter((r) => r.finalChunk).length, 1, 'exactly one final chunk');
      assert.isTrue(uploads[uploads.length - 1].finalChunk, 'the final chunk goes last');
      assert.isFalse(uploads[0].resume, 'the first chunk starts the file');
    });
  }

  for (const concurrency of [1, 6]) {
    it(`uploads with concurrency ${concurrency}`, async () => {
      const file = patternedFile(40 * chunk + 5, 'song.mp3', 'audio/mpeg');
      const { entry } = await uploadAndVerify(file, { chunkSize: chunk, concurrency });
      assert.equal(entry.mediaType, 5);
    });
  }

  it('uploads a 64 MB file with default settings and chunks + 2 requests', async () => {
    const file = patternedFile(64 * 1024 * 1024, 'big.mov', 'video/quicktime');
    await uploadAndVerify(file, {});
    // Calls inside the multirequest are logged too; count HTTP requests only.
    const log = await httpRequests();
    const chunks = log.filter((r) => r.action.toLowerCase() === 'upload').length;
    assert.equal(log.length, chunks + 2, log.map((r) => `${r.service}.${r.action}`).join(' '));
    // The probe and the whole file on this fast link, or, on a loaded machine, a few big chunks.
    assert.isAtMost(chunks, 8);
  });

  it('reports states in order and progress that never moves backwards', async () => {
    const file = patternedFile(10 * chunk, 'a.bin', '');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk, concurrency: 3 });
    const states: UploadState[] = [];
    let last = { bytesSent: 0, bytesConfirmed: 0 };
    upload.addEventListener('statechange', (e) => states.push(e.detail.state));
    upload.addEventListener('progress', (e) => {
      assert.isAtLeast(e.detail.bytesSent, last.bytesSent);
      assert.isAtLeast(e.detail.bytesConfirmed, last.bytesConfirmed);
      assert.isAtLeast(e.detail.bytesSent, e.detail.bytesConfirmed);
      last = e.detail;
    });
    const { entryId, entry } = await upload.start();
    assert.deepEqual(states, ['uploading', 'finalizing', 'complete']);
    assert.equal(last.bytesConfirmed, file.size);
    assert.equal(entry.id, entryId);
    assert.equal((await entryInfo(entryId))?.sha256, await sha256Hex(file));
  });
});

describe('ChunkedUpload: faults', function () {
  this.timeout(180_000);
  beforeEach(resetServer);
  const chunk = 64 * KiB;
  const retry = { retries: 6, minDelay: 20, maxDelay: 200 };

  it('survives 10% of chunk requests failing (drop, 500 HTML, 503, stall)', async () => {
    await setFaults([
      // One sure failure, so the run never depends on the dice for its assertions. An HTTP error,
      // not a drop: Chromium may re-send a request whose reused connection was reset by itself,
      // and the engine then never sees that one fail.
      { kind: 'http500', action: 'upload', finalChunk: false, times: 1 },
      { kind: 'drop', action: 'upload', probability: 0.025 },
      { kind: 'http500', action: 'upload', probability: 0.025 },
      { kind: 'http503', action: 'upload', probability: 0.025, retryAfter: 0 },
      { kind: 'stall', action: 'upload', probability: 0.025, ms: 5000 },
    ]);
    const file = patternedFile(60 * chunk + 3, 'flaky.mp4', 'video/mp4');
    const states: UploadState[] = [];
    await uploadAndVerify(file, { chunkSize: chunk, concurrency: 4, retry, stallTimeout: 1000 }, (u) =>
      u.addEventListener('statechange', (e) => states.push(e.detail.state)));
    const faults = (await requestLog()).filter((r) => r.outcome.startsWith('fault:'));
    assert.isAbove(faults.length, 0, 'some requests were failed by the server');
    assert.include(states, 'retrying');
  });

  it('announces a retry with its reason, attempt and wait, honouring Retry-After', async () => {
    await setFaults([{ kind: 'http503', action: 'upload', times: 1, retryAfter: 0 }]);
    const file = patternedFile(3 * chunk, 'once.mp4', 'video/mp4');
    const details: { state: string; previous: string; code?: string; attempt?: number; retryInMs?: number }[] = [];
    await uploadAndVerify(file, { chunkSize: chunk, retry }, (u) =>
      u.addEventListener('statechange', (e) => details.push({
        state: e.detail.state, previous: e.detail.previous, code: e.detail.error?.code, attempt: e.detail.attempt, retryInMs: e.detail.retryInMs,
      })));
    assert.deepEqual(details.map((d) => `${d.previous}→${d.state}`), [
      'idle→uploading', 'uploading→retrying', 'retrying→uploading', 'uploading→finalizing', 'finalizing→complete',
    ]);
    const retrying = details[1];
    assert.equal(retrying.code, 'HTTP_ERROR');
    assert.equal(retrying.attempt, 1);
    assert.isAtLeast(retrying.retryInMs!, 0);
    assert.isAtMost(retrying.retryInMs!, retry.minDelay);
  });

  for (const [what, size] of [['a one-chunk file', chunk - 1], ['a 3-chunk file', 3 * chunk + 17]] as const) {
    it(`${what}: a final chunk whose answer was lost is sent again, and the whole token counts as done`, async () => {
      // The server stores the final chunk, then the connection closes without an answer.
      await setFaults([{ kind: 'loseAnswer', action: 'upload', finalChunk: true, times: 1 }]);
      const file = patternedFile(size, 'lost-answer.mp4', 'video/mp4');
      await uploadAndVerify(file, { chunkSize: chunk, retry });
      const log = await requestLog();
      const finals = log.filter((r) => r.action.toLowerCase() === 'upload' && r.finalChunk);
      assert.deepEqual(finals.map((r) => r.faults ?? []), [['loseAnswer'], []], 'the final chunk went twice');
      assert.ok(log.some((r) => r.action.toLowerCase() === 'get' && r.at >= finals[1].at), 'then uploadToken.get confirmed the token is whole');
    });
  }

  it('asks the ks function again when the KS expires mid-upload, without re-sending confirmed bytes', async () => {
    let calls = 0;
    const ks = async () => (calls++, userKs());
    const file = patternedFile(20 * chunk, 'ks.mp4', 'video/mp4');
    // Chunks in flight long enough that most of the file is left when the (throttled) event fires.
    await setFaults([{ kind: 'latency', action: 'upload', ms: 30 }]);
    let expired = false;
    await uploadAndVerify(file, { chunkSize: chunk, concurrency: 2, ks }, (u) =>
      u.addEventListener('progress', (e) => {
        if (!expired && e.detail.bytesConfirmed >= 5 * chunk && u.state === 'uploading') {
          expired = true;
          // Pause while the rule is set, so the rest of the upload surely meets the expired KS
          // (on a fast machine the last chunks could otherwise finish first).
          u.pause();
          void setFaults([{ kind: 'expireKs' }]).then(() => u.resume());
        }
      }));
    assert.isAtLeast(calls, 2, 'the ks function was called again');
    const uploads = (await requestLog()).filter((r) => r.action.toLowerCase() === 'upload' && r.outcome === 'ok');
    const offsets = uploads.map((r) => r.resumeAt);
    // A chunk refused for its KS is not stored, so replaying it stores nothing twice; only the
    // (at most `concurrency`) chunks the pause aborted after the server took them may come again.
    assert.isAtMost(offsets.length - new Set(offsets).size, 2, 'confirmed chunks were not sent again');
  });

  it('a KS that expires as the entry is made is refreshed, not counted as a retry: one entry, whole', async () => {
    // The entry's request starts with uploadToken.list; refused for the KS, it runs nothing else.
    // That refusal must say INVALID_KS (a new KS, the same request), not a bad answer to retry.
    let calls = 0;
    const ks = async () => (calls++, userKs());
    await setFaults([{ kind: 'expireKs', service: 'uploadToken', action: 'list', times: 1 }]);
    const file = patternedFile(3 * chunk, 'ks-entry.mp4', 'video/mp4');
    await uploadAndVerify(file, { chunkSize: chunk, ks, retry: { retries: 0 } });
    assert.equal(calls, 2, 'the ks function gave a new KS for the entry\'s request');
    const log = await requestLog();
    const lists = log.filter((r) => r.service.toLowerCase() === 'uploadtoken' && r.action.toLowerCase() === 'list');
    assert.deepEqual(lists.map((r) => r.outcome === 'ok'), [false, true], 'refused with the expired KS, then sent again');
    assert.equal(log.filter((r) => r.service.toLowerCase() === 'media' && r.action.toLowerCase() === 'add' && r.outcome === 'ok').length, 1);
  });

  it('fails fast on INVALID_KS with a plain string KS', async () => {
    const file = patternedFile(4 * chunk, 'x.mp4', 'video/mp4');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: 'not-a-ks', chunkSize: chunk });
    const error = await upload.start().then(() => null, (e) => e);
    assert.equal(error?.code, 'INVALID_KS');
    assert.isFalse(error.retryable);
    assert.equal(upload.state, 'error');
    assert.isAtMost((await requestLog()).length, 3);
  });

  it('gives up on an unreachable service URL in bounded time with NETWORK_ERROR', async () => {
    const file = patternedFile(10, 'x.mp4', 'video/mp4');
    const upload = new ChunkedUpload(file, { serviceUrl: 'http://127.0.0.1:9', ks: 'k', retry: { retries: 2, minDelay: 10, maxDelay: 50 } });
    const error = await upload.start().then(() => null, (e) => e);
    assert.equal(error?.code, 'NETWORK_ERROR');
    assert.isTrue(error.retryable);
  });

  it('rejects bad input before any request', async () => {
    const ks = 'k';
    const cases: [Blob, object, string][] = [
      [new File([], 'empty.mp4'), { serviceUrl: location.origin, ks }, 'EMPTY_FILE'],
      [new File(['12345'], 'big.mp4'), { serviceUrl: location.origin, ks, maxFileSize: 4 }, 'FILE_TOO_LARGE'],
      [new File(['1'], 'a.mp4'), { ks }, 'INVALID_OPTIONS'],
      [new File(['1'], 'a.mp4'), { serviceUrl: location.origin }, 'INVALID_OPTIONS'],
      [new Blob(['1']), { serviceUrl: location.origin, ks }, 'INVALID_OPTIONS'],
      [new File(['1'], 'a.mp4'), { serviceUrl: location.origin, ks, chunkSize: 0 }, 'INVALID_OPTIONS'],
    ];
    for (const [file, options, code] of cases) {
      const error = await new ChunkedUpload(file, options as never).start().then(() => null, (e) => e);
      assert.equal(error?.code, code);
      assert.isString(error.message);
    }
    assert.lengthOf(await requestLog(), 0);
  });
});

describe('ChunkedUpload: pause, resume, cancel', function () {
  this.timeout(180_000);
  beforeEach(resetServer);
  const chunk = 64 * KiB;

  it('sends nothing while paused, then resumes from the server offset', async () => {
    // Slow enough that 30 chunks are still to go when a (throttled, perhaps late) event pauses it.
    await setFaults([{ kind: 'latency', action: 'upload', ms: 60 }]);
    const file = patternedFile(40 * chunk, 'pause.mp4', 'video/mp4');
    let times = { pausedAt: 0, resumedAt: 0 };
    const states: UploadState[] = [];
    await uploadAndVerify(file, { chunkSize: chunk, concurrency: 3 }, (u) => {
      u.addEventListener('statechange', (e) => states.push(e.detail.state));
      times = pauseOnce(u, (p) => p.bytesConfirmed >= 10 * chunk, 800);
    });
    const { pausedAt, resumedAt } = times;
    assert.includeOrderedMembers(states, ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
    const during = (await requestLog()).filter((r) => r.at > pausedAt + 50 && r.at < resumedAt);
    assert.lengthOf(during, 0, 'no request reached the server while paused');
    const afterResume = (await requestLog()).filter((r) => r.at >= resumedAt);
    assert.equal(afterResume[0]?.action.toLowerCase(), 'get', 'resume asks the server where it stands first');
  });

  it('a pause on the last chunk\'s answer holds the entry creation until resume, then completes', async () => {
    // Found by `npm run soak`: the engine used to go on to 'finalizing' while paused and then
    // wait for a resume() that a 'finalizing' upload ignores.
    const file = patternedFile(3 * chunk + 5, 'last-chunk-pause.mp4', 'video/mp4');
    const states: UploadState[] = [];
    let whilePaused: { state: UploadState; at: number } | undefined;
    await uploadAndVerify(file, { chunkSize: chunk, concurrency: 2 }, (u) => {
      u.addEventListener('statechange', (e) => states.push(e.detail.state));
      u.addEventListener('progress', (e) => {
        if (whilePaused || e.detail.bytesConfirmed < e.detail.bytesTotal) return;
        u.pause();
        whilePaused = { state: u.state, at: Date.now() };
        setTimeout(() => {
          whilePaused!.state = u.state;
          u.resume();
        }, 300);
      });
    });
    assert.equal(whilePaused?.state, 'paused', 'still paused 300 ms later');
    assert.deepEqual(states, ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
    const entryCalls = (await requestLog()).filter((r) => r.service === 'multirequest' || r.service === 'media');
    assert.ok(entryCalls.length > 0 && entryCalls.every((r) => r.at >= whilePaused!.at + 300), 'the entry is created only after resume');
  });

  it('cancel after the KS expired deletes the token with a new KS from the ks function', async () => {
    let calls = 0;
    const ks = async () => (calls++, userKs());
    const file = patternedFile(30 * chunk, 'cancel-expired.mp4', 'video/mp4');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks, chunkSize: chunk });
    const run = upload.start();
    await new Promise<void>((resolve) => upload.addEventListener('progress', (e) => e.detail.bytesConfirmed > 2 * chunk && resolve()));
    // Paused, nothing is in flight to notice the expiry: the delete is the first call to meet it.
    upload.pause();
    await setFaults([{ kind: 'expireKs' }]);
    await upload.cancel();
    assert.equal((await run.then(() => null, (e) => e))?.code, 'CANCELLED');
    assert.equal((await tokenInfo(upload.uploadTokenId!))?.status, 5, 'the token is deleted');
    assert.equal(calls, 2, 'the ks function gave a new KS for the delete');
    const deletes = (await requestLog()).filter((r) => r.service.toLowerCase() === 'uploadtoken' && r.action.toLowerCase() === 'delete');
    assert.equal(deletes.length, 2, 'refused with the expired KS, then sent again');
  });

  it('cancel deletes the token, rejects with CANCELLED and leaves nothing running', async () => {
    await setFaults([{ kind: 'latency', action: 'upload', ms: 50 }]);
    const file = patternedFile(30 * chunk, 'cancel.mp4', 'video/mp4');
    const upload = new ChunkedUpload(file, { serviceUrl: location.origin, ks: await userKs(), chunkSize: chunk });
    const run = upload.start();
    await new Promise<void>((resolve) => upload.addEventListener('progress', (e) => e.detail.bytesConfirmed > 2 * chunk && resolve()));
    await upload.cancel();
    const error = await run.then(() => null, (e) => e);
    assert.equal(error?.code, 'CANCELLED');
    assert.equal(upload.state, 'cancelled');
    assert.equal((await tokenInfo(upload.uploadTokenId!))?.status, 5);
    const countAfter = (await requestLog()).length;
    await new Promise((r) => setTimeout(r, 500));
    const log = await requestLog();
    assert.equal(log.length, countAfter, 'no request after cancel');
    assert.notInclude(log.map((r) => r.outcome), 'pending');
  });
});

describe('ChunkedUpload: the token\'s uploadUrl', function () {
  this.timeout(60_000);
  beforeEach(resetServer);
  const chunk = 64 * KiB;
  // The same local API under another host name stands for the data centre's upload host.
  const otherHost = `${location.protocol}//${location.hostname === '127.0.0.1' ? 'localhost' : '127.0.0.1'}:${location.port}`;
  const apiUrls = () => performance.getEntriesByType('resource').map((e) => e.name).filter((u) => u.includes('/api_v3/'));

  for (const useUploadUrl of [false, true]) {
    it(useUploadUrl ? 'with useUploadUrl, chunks go to it and every other call to serviceUrl' : 'is ignored by default', async () => {
      await setServerOptions({ uploadUrl: otherHost });
      performance.clearResourceTimings();
      const file = patternedFile(3 * chunk + 1, 'dc.mp4', 'video/mp4');
      await uploadAndVerify(file, { chunkSize: chunk, useUploadUrl });
      const urls = apiUrls();
      const chunks = urls.filter((u) => u.includes('/uploadtoken/action/upload'));
      assert.lengthOf(chunks, 4);
      for (const url of chunks) assert.isTrue(url.startsWith(useUploadUrl ? otherHost : location.origin), url);
      for (const url of urls.filter((u) => !chunks.includes(u))) assert.isTrue(url.startsWith(location.origin), url);
    });
  }
});
