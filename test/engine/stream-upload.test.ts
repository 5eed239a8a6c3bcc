// A ReadableStream as the engine's source (a recording in progress): chunks go while the stream is
// open, the final one when it closes, the entry holds exactly what the stream yielded; under
// injected chunk faults and an expiring KS too; bytesTotal is what was read; pause stops sending,
// not reading; cancel, a failed stream, an empty one; a failed upload goes on with the same
// stream; browser storage is empty once an upload is complete or cancelled.
import { assert } from '@esm-bundle/chai';
import { ChunkedUpload, MemoryResumeStore, listInterruptedUploads, type ChunkedUploadOptions, type UploadProgressDetail } from '../../src/index.js';
import { entryInfo, httpRequests, requestLog, resetServer, setFaults, sha256Hex, tokenInfo, userKs } from '../helpers/kaltura-server.js';
import { storedPieces } from '../helpers/spill-storage.js';

const MiB = 1024 * 1024;

/**
 * A stream of `total` bytes in pieces of `piece` bytes, one every `everyMs`, alternating Uint8Array
 * and Blob pieces; every byte depends on its offset, so a misplaced chunk changes the hash.
 */
function timedStream(total: number, piece: number, everyMs: number) {
  const yielded: Blob[] = [];
  let closedAt = 0;
  let sent = 0;
  let n = 0;
  const stream = new ReadableStream<Uint8Array | Blob>({
    async pull(controller) {
      if (sent >= total) {
        closedAt = Date.now();
        controller.close();
        return;
      }
      await new Promise((r) => setTimeout(r, everyMs));
      const size = Math.min(piece, total - sent);
      const words = new Uint32Array(Math.ceil(size / 4));
      for (let i = 0; i < words.length; i++) words[i] = ((sent + i * 4) * 2654435761) >>> 0;
      const bytes = new Uint8Array(words.buffer, 0, size);
      yielded.push(new Blob([bytes]));
      controller.enqueue(n++ % 2 ? new Blob([bytes]) : bytes);
      sent += size;
    },
  });
  return { stream, yielded, closedAt: () => closedAt, sha256: () => sha256Hex(new Blob(yielded)) };
}

/** A stream the test feeds by hand. */
function handStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { stream, push: (bytes: Uint8Array) => controller.enqueue(bytes), close: () => controller.close(), fail: (e: unknown) => controller.error(e) };
}

const options = async (more: Partial<ChunkedUploadOptions> = {}): Promise<ChunkedUploadOptions> =>
  ({ serviceUrl: location.origin, ks: await userKs(), fileName: 'recording.webm', ...more });

/** Uploads a 24 MiB stream yielded over about 6 s and checks the server's request log and bytes. */
async function streamOf24MiB(more: Partial<ChunkedUploadOptions> = {}) {
  const source = timedStream(24 * MiB, 256 * 1024, 60);
  const upload = new ChunkedUpload(source.stream, await options(more));
  const progress: UploadProgressDetail[] = [];
  upload.addEventListener('progress', (e) => progress.push(e.detail));
  const result = await upload.start();
  const doneAt = Date.now();
  const closedAt = source.closedAt();
  const chunks = (await requestLog()).filter((r) => r.action === 'upload' && r.outcome === 'ok');
  assert.isAbove(closedAt, 0);
  assert.isBelow(chunks[0].at, closedAt, 'the first chunk reached the server while the stream was open');
  assert.isAbove(chunks.filter((c) => c.at < closedAt).length, 3, 'chunks went while it was open');
  assert.isBelow(doneAt - closedAt, 3000, `the entry came ${doneAt - closedAt} ms after the stream closed`);
  const entry = await entryInfo(result.entryId);
  assert.equal(entry?.size, 24 * MiB);
  assert.equal(entry?.sha256, await source.sha256(), 'the entry holds exactly what the stream yielded');
  const token = await tokenInfo(result.uploadTokenId);
  assert.equal(token?.status, 3);
  assert.isNull(token?.fileSize, 'uploadToken.add had no fileSize');
  assert.equal(entry?.name, 'recording.webm');
  // While open, bytesTotal is what was read so far; it ends at the stream's size.
  const totals = progress.map((p) => p.bytesTotal);
  assert.isTrue(totals.every((t, i) => i === 0 || t >= totals[i - 1]), 'bytesTotal never goes back');
  assert.isBelow(totals[0], 24 * MiB, 'bytesTotal grew with the stream');
  assert.equal(totals.at(-1), 24 * MiB);
  assert.isTrue(progress.every((p) => p.bytesConfirmed <= p.bytesTotal));
  assert.deepEqual(await storedPieces(), [], 'browser storage is empty once the upload is complete');
  return { result, chunks, closedAt };
}

describe('ChunkedUpload with a ReadableStream source', function () {
  this.timeout(120_000);
  beforeEach(resetServer);

  it('24 MiB over about 6 s: chunks while it is open, the entry 3 s after it closes, the same bytes', async () => {
    const { chunks, closedAt } = await streamOf24MiB();
    const finals = chunks.filter((c) => c.finalChunk);
    assert.lengthOf(finals, 1);
    assert.isAtLeast(finals[0].at, closedAt, 'the final chunk only once the stream closed');
    assert.isAbove(finals[0].bytes!, 0, 'the final chunk has bytes (none is held back empty)');
  });

  it('the same under 10% failing chunks and a KS that expires mid-stream', async () => {
    let issued = 0;
    const ks = async () => {
      issued++;
      return userKs();
    };
    const expire = setTimeout(() => void setFaults([
      { kind: 'http503', action: 'upload', probability: 0.1 },
      { kind: 'drop', action: 'upload', probability: 0.05 },
      { kind: 'expireKs' },
    ]), 2000);
    await setFaults([{ kind: 'http503', action: 'upload', probability: 0.1 }]);
    try {
      const { chunks } = await streamOf24MiB({ ks, retry: { minDelay: 50, maxDelay: 300 } });
      assert.isAbove(issued, 1, 'the KS function was asked again after the expiry');
      assert.isAbove(chunks.length, 0);
    } finally {
      clearTimeout(expire);
    }
    const failed = (await requestLog()).filter((r) => r.action === 'upload' && r.outcome.startsWith('fault:'));
    assert.isAbove(failed.length, 0, 'faults were injected');
  });

  it('fileName is required; an empty stream is EMPTY_FILE before any request; something else is INVALID_OPTIONS', async () => {
    const withoutName = new ChunkedUpload(new ReadableStream(), { serviceUrl: location.origin, ks: await userKs() });
    assert.equal((await withoutName.start().catch((e) => e)).code, 'INVALID_OPTIONS');
    const empty = handStream();
    empty.close();
    assert.equal((await new ChunkedUpload(empty.stream, await options()).start().catch((e) => e)).code, 'EMPTY_FILE');
    const garbage = new ChunkedUpload({} as Blob, await options());
    assert.equal((await garbage.start().catch((e) => e)).code, 'INVALID_OPTIONS');
    assert.deepEqual((await httpRequests()).map((r) => r.action), []);
  });

  it('pause stops sending, not reading; resume sends what came meanwhile', async () => {
    const feed = handStream();
    const upload = new ChunkedUpload(feed.stream, await options({ chunkSize: MiB }));
    const running = upload.start();
    feed.push(new Uint8Array(3 * MiB).fill(1));
    await new Promise<void>((resolve) => upload.addEventListener('progress', (e) => e.detail.bytesConfirmed >= MiB && resolve()));
    upload.pause();
    const requestsAtPause = (await httpRequests()).length;
    for (let i = 0; i < 4; i++) feed.push(new Uint8Array(MiB).fill(2 + i));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(upload.progress.bytesTotal, 7 * MiB, 'read on while paused');
    assert.isAtMost((await httpRequests()).filter((r) => r.action === 'upload').length - requestsAtPause, 0, 'no chunk while paused');
    feed.close();
    upload.resume();
    const result = await running;
    const expected = new Blob([new Uint8Array(3 * MiB).fill(1), ...[2, 3, 4, 5].map((v) => new Uint8Array(MiB).fill(v))]);
    assert.equal((await entryInfo(result.entryId))?.sha256, await sha256Hex(expected));
  });

  it('cancel stops reading the stream, deletes the token, and leaves nothing in storage', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull: (c) => new Promise((r) => setTimeout(r, 20)).then(() => c.enqueue(new Uint8Array(256 * 1024))),
      cancel: () => void (cancelled = true),
    });
    const upload = new ChunkedUpload(stream, await options());
    const running = upload.start().catch((e) => e);
    await new Promise<void>((resolve) => upload.addEventListener('progress', (e) => e.detail.bytesConfirmed > 0 && resolve()));
    await upload.cancel();
    assert.equal((await running).code, 'CANCELLED');
    assert.isTrue(cancelled, 'the stream was cancelled');
    assert.equal((await tokenInfo(upload.uploadTokenId!))?.status, 5, 'the token is deleted');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await storedPieces(), []);
  });

  it('a stream that fails is STREAM_ERROR; what it yielded stays, and finishes from storage', async () => {
    const store = new MemoryResumeStore();
    const feed = handStream();
    const upload = new ChunkedUpload(feed.stream, await options({ resumeStore: store, chunkSize: MiB }));
    const running = upload.start().catch((e) => e);
    feed.push(new Uint8Array(2.5 * MiB).fill(7));
    await new Promise<void>((resolve) => upload.addEventListener('progress', (e) => e.detail.bytesConfirmed >= MiB && resolve()));
    feed.fail(new Error('encoder crashed'));
    const error = await running;
    assert.equal(error.code, 'STREAM_ERROR');
    assert.equal(error.cause.message, 'encoder crashed');
    const [interrupted] = await listInterruptedUploads(store);
    assert.isTrue(interrupted.stream, 'listed as a stream upload');
    assert.match(interrupted.key, /^stream:/);
    const finished = await new ChunkedUpload(interrupted, await options({ resumeStore: store, fileName: undefined })).start();
    assert.equal(finished.uploadTokenId, upload.uploadTokenId, 'the same token');
    assert.equal((await entryInfo(finished.entryId))?.sha256, await sha256Hex(new Blob([new Uint8Array(2.5 * MiB).fill(7)])));
    assert.deepEqual(await storedPieces(), []);
  });

  it('an upload that failed goes on when the same stream is given to a new ChunkedUpload (same resume store)', async () => {
    const store = new MemoryResumeStore();
    const source = timedStream(6 * MiB, 256 * 1024, 20);
    const first = new ChunkedUpload(source.stream, await options({ resumeStore: store, chunkSize: MiB, retry: { retries: 0 } }));
    const failed = first.start().catch((e) => e);
    await new Promise<void>((resolve) => first.addEventListener('progress', (e) => e.detail.bytesConfirmed >= MiB && resolve()));
    await setFaults([{ kind: 'http503', action: 'upload' }]);
    assert.equal((await failed).code, 'HTTP_ERROR');
    await setFaults([]);
    const second = await new ChunkedUpload(source.stream, await options({ resumeStore: store, chunkSize: MiB })).start();
    assert.equal(second.uploadTokenId, first.uploadTokenId, 'the same token, from the resume store');
    assert.equal((await entryInfo(second.entryId))?.sha256, await source.sha256());
    assert.deepEqual(await storedPieces(), []);
  });
});
