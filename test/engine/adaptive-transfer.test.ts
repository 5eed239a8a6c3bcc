// The adaptive transfer against the real local API, each case ending with the entry's bytes
// compared to the file by sha256: the whole File in one request on a fast link (each byte received
// once), a whole-file request cut half-way continuing in chunks, a slow shared link stopping the
// whole-file request early and choosing chunks, and a pause in the middle of the whole-file request. Links are shaped by the server (bandwidth, latency, drop).
import { assert } from '@esm-bundle/chai';
import type { UploadState } from '../../src/index.js';
import { requestLog, resetServer, setFaults, type LoggedRequest } from '../helpers/kaltura-server.js';
import { patternedFile, pauseOnce, uploadAndVerify } from './upload-helpers.js';
import { requireCapability } from '../helpers/capability.js';

const MiB = 1024 * 1024;
const retry = { retries: 6, minDelay: 20, maxDelay: 200 };

const uploads = async (): Promise<LoggedRequest[]> => (await requestLog()).filter((r) => r.action.toLowerCase() === 'upload');
const isWhole = (r: LoggedRequest, size: number) => r.resume === false && r.finalChunk === true && r.bytes === size;

describe('ChunkedUpload: adaptive transfer', function () {
  this.timeout(180_000);
  beforeEach(resetServer);

  it('on a good link sends the File itself in one request: the server receives each byte once', async () => {
    const file = patternedFile(16 * MiB, 'fast.mp4', 'video/mp4');
    await uploadAndVerify(file, {});
    const sent = await uploads();
    assert.deepEqual(sent.map((r) => [r.resume, r.resumeAt, r.finalChunk, r.bytes]), [[false, 0, true, file.size]], 'no probe before it');
    assert.equal(sent.reduce((sum, r) => sum + (r.bytes ?? 0), 0), file.size, 'bytes the server received = the file size');
    const calls = (await requestLog()).filter((r) => r.item === undefined);
    assert.lengthOf(calls, 3, 'token, whole file, entry (one multirequest)');
  });

  it('a whole-file request cut half-way continues in chunks from what the server holds', async () => {
    const file = patternedFile(16 * MiB, 'cut.mp4', 'video/mp4');
    // Every whole-file request: when a reused keep-alive connection dies under a request, Chromium
    // itself sends it again (several times) before the page hears of it.
    await setFaults([{ kind: 'drop', action: 'upload', resume: false, finalChunk: true, afterBytes: 8 * MiB }]);
    const states: UploadState[] = [];
    await uploadAndVerify(file, { retry }, (u) => u.addEventListener('statechange', (e) => states.push(e.detail.state)));
    const sent = await uploads();
    const cut = sent.filter((r) => r.outcome === 'fault:drop');
    assert.isAtLeast(cut.length, 1, 'the whole-file request was cut');
    assert.isTrue(cut.every((r) => r.resume === false && r.finalChunk), 'only whole-file requests were cut');
    const after = sent.slice(cut.length);
    assert.isAbove(after.length, 1);
    assert.isFalse(after.some((r) => isWhole(r, file.size)), 'never the whole file again');
    assert.isAtMost(after.reduce((sum, r) => sum + (r.bytes ?? 0), 0), file.size, 'each byte after the cut sent once');
    const log = await requestLog();
    assert.ok(log.some((r) => r.action.toLowerCase() === 'get' && r.at >= cut[0].at && r.at <= after[0].at), 'uploadToken.get said where to go on');
    assert.include(states, 'retrying');
  });

  it('on a slow link (one 4 MB/s link shared by all requests) stops the whole-file request early and chooses chunks sized from the rate', async function () {
    const file = patternedFile(24 * MiB, 'slow.mp4', 'video/mp4');
    await setFaults([{ kind: 'bandwidth', action: 'upload', bytesPerSecond: 4_000_000, shared: true }, { kind: 'latency', ms: 20 }]);
    // What the engine's progress events showed (ms after it began uploading, bytes sent): the watch
    // judges the whole-file request's rate from upload progress in its first second.
    let began = 0;
    const samples: [number, number][] = [];
    await uploadAndVerify(file, {}, (u) => {
      u.addEventListener('statechange', (e) => e.detail.state === 'uploading' && !began && (began = performance.now()));
      u.addEventListener('progress', (e) => began && e.detail.bytesSent > 0 && samples.push([performance.now() - began, e.detail.bytesSent]));
    });
    const sent = await uploads();
    // Stopped before its file part was read in full, so the server logs no size for it.
    const stopped = sent[0].resume === false && sent[0].outcome !== 'ok' && sent[0].bytes !== file.size;
    // The window the engine's watch reads: from the first progress report past 250 ms to the first
    // one 250 ms after it. Firefox reports every ~400 ms, and its first report can still carry the
    // socket buffers' fill: a 4 MB/s link then shows 5 MB/s, and 24 MiB at 5 MB/s is within the
    // whole-file limit (5 s). The engine is held to its rule where the progress it read showed the
    // link within 10%, not where the progress ran ahead.
    const past = samples.filter(([ms]) => ms >= 250);
    const to = past.find(([ms]) => ms - past[0][0] >= 250 && ms <= 1500);
    const shownRate = past.length && to ? ((to[1] - past[0][1]) * 1000) / (to[0] - past[0][0]) : Infinity;
    requireCapability(this, stopped || shownRate < (0.9 * file.size) / 5,
      `upload progress here runs ahead of a 4 MB/s link (${(shownRate / 1e6).toFixed(1)} MB/s shown in the first second), so no rate can be judged from it: the whole file goes as one request`);
    assert.isTrue(stopped, 'the whole-file request, stopped: it would take over 5 s');
    assert.isAbove(sent[1].at - sent[0].at, 400, 'watched for half a second');
    const rest = sent.slice(1);
    assert.isFalse(rest.some((r) => isWhole(r, file.size)));
    assert.equal(rest[0].resume, false, 'chunks open the file again');
    assert.equal(rest.filter((r) => r.outcome === 'ok').reduce((sum, r) => sum + (r.bytes ?? 0), 0), file.size, 'then each byte once');
    const middle = rest.slice(0, -1);
    assert.isAtLeast(middle.length, 4);
    // 2 s of 4 MB/s shared by 6 requests is about 1.3 MB; never below 1 MiB.
    for (const r of middle) assert.isTrue(r.bytes! >= MiB && r.bytes! <= 3 * MiB, `a chunk of ${r.bytes} bytes`);
    assert.isTrue(sent.at(-1)!.finalChunk);
  });

  it('a pause during the whole-file request continues in chunks after resume, nothing sent while paused', async () => {
    const file = patternedFile(16 * MiB, 'paused.mp4', 'video/mp4');
    // The final request (here: the whole file) crawls, so the pause meets it mid-way.
    await setFaults([{ kind: 'bandwidth', action: 'upload', finalChunk: true, bytesPerSecond: 8 * MiB }]);
    let times = { pausedAt: 0, resumedAt: 0 };
    const states: UploadState[] = [];
    await uploadAndVerify(file, {}, (u) => {
      u.addEventListener('statechange', (e) => states.push(e.detail.state));
      times = pauseOnce(u, (p) => p.bytesSent >= 4 * MiB, 300);
    });
    const { pausedAt, resumedAt } = times;
    assert.includeOrderedMembers(states, ['uploading', 'paused', 'uploading', 'finalizing', 'complete']);
    const log = await requestLog();
    assert.lengthOf(log.filter((r) => r.at > pausedAt + 50 && r.at < resumedAt), 0, 'nothing reached the server while paused');
    const sent = await uploads();
    assert.deepEqual([sent[0].resume, sent[0].finalChunk], [false, true], 'the whole-file request...');
    assert.notEqual(sent[0].outcome, 'ok', '...was cut by the pause');
    const after = sent.slice(1);
    assert.isTrue(after.every((r) => r.at >= resumedAt), 'then chunks, after resume');
    assert.isFalse(after.some((r) => isWhole(r, file.size)));
  });

  it('a file that fits in one request goes as the File itself, once', async () => {
    const file = patternedFile(MiB + 5, 'small.mp4', 'video/mp4');
    await uploadAndVerify(file, {});
    assert.deepEqual((await uploads()).map((r) => [r.resume, r.finalChunk, r.bytes]), [[false, true, file.size]]);
  });
});
