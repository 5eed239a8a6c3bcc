// The stream room on its own: a ReadableStream of unknown length read into bytes addressable by
// offset, spilled to IndexedDB as it is read, dropped as the server confirms, restored after a
// "reload" (a new source over what is stored), and empty once forgotten. Real IndexedDB.
import { assert } from '@esm-bundle/chai';
import { appendPiece, dropBefore, forgetSpilled, listSpilled, readRange, sliceRange, spilled } from '../../src/engine/stream/spill-store.js';
import { StreamSource } from '../../src/engine/stream/stream-source.js';
import { UploadError } from '../../src/errors.js';
import { storedPiecesOf } from '../helpers/spill-storage.js';

const newId = () => `test-${Math.random().toString(36).slice(2, 10)}`;
const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
/** `n` bytes counting up from `from` (mod 256), so a misplaced byte shows. */
const counting = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) % 256);
const until = async (check: () => boolean | Promise<boolean>, ms = 5000) => {
  for (const end = Date.now() + ms; !(await check()); ) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A stream the test feeds by hand. */
function handStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array | Blob>;
  const stream = new ReadableStream<Uint8Array | Blob>({ start: (c) => void (controller = c) });
  return { stream, push: (piece: Uint8Array | Blob) => controller.enqueue(piece), close: () => controller.close(), fail: (e: unknown) => controller.error(e) };
}

describe('spill store (IndexedDB)', () => {
  it('appends pieces, reads any range across them, drops a confirmed prefix and forgets', async () => {
    const id = newId();
    await appendPiece(id, 0, new Blob([counting(0, 10)]));
    await appendPiece(id, 10, new Blob([counting(10, 5)]));
    await appendPiece(id, 15, new Blob([counting(15, 20)]));
    assert.deepEqual(await bytesOf(await readRange(id, 3, 27)), counting(3, 24));
    assert.include(await spilled(id), { id, start: 0, end: 35 });
    await dropBefore(id, 12); // the piece at 10 straddles 12: it stays
    assert.deepEqual(await storedPiecesOf(id), [[id, 10, 5], [id, 15, 20]]);
    assert.deepEqual(await bytesOf(await readRange(id, 12, 35)), counting(12, 23));
    const err = await readRange(id, 2, 12).catch((e: DOMException) => e);
    assert.equal((err as DOMException).name, 'NotFoundError', 'a dropped range is not silently short');
    assert.include((await listSpilled()).map((s) => s.id), id);
    await forgetSpilled(id);
    assert.deepEqual(await storedPiecesOf(id), []);
    assert.isUndefined(await spilled(id));
  });

  it('sliceRange refuses a range with a gap', () => {
    const pieces = [{ offset: 0, blob: new Blob(['abc']) }, { offset: 5, blob: new Blob(['fg']) }];
    assert.isUndefined(sliceRange(pieces, 1, 6));
    assert.deepEqual(sliceRange(pieces, 5, 7)?.map((b) => b.size), [2]);
  });
});

describe('StreamSource', () => {
  it('reads pieces of Uint8Array and Blob, grows, and says when the stream ended', async () => {
    const { stream, push, close } = handStream();
    const source = StreamSource.read(stream, newId(), UploadError);
    let reads = 0;
    const grown = source.grow(8).then(() => reads++);
    push(counting(0, 5));
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(reads, 0, 'grow(8) still waits with 5 bytes read');
    push(new Blob([counting(5, 7)]));
    await grown;
    assert.equal(source.size, 12);
    assert.isFalse(source.ended);
    push(new Uint8Array(0)); // empty pieces are skipped
    push(counting(12, 4));
    close();
    await source.grow(Infinity);
    assert.isTrue(source.ended);
    assert.equal(source.size, 16);
    assert.deepEqual(await bytesOf(await source.bytes(0, 100)), counting(0, 16), 'a range past the end is cut at it');
    await source.forget();
  });

  it('writes every piece to IndexedDB as it is read, and drops what the server holds', async () => {
    const id = newId();
    const { stream, push, close } = handStream();
    const source = StreamSource.read(stream, id, UploadError);
    push(counting(0, 1000));
    await until(async () => (await storedPiecesOf(id)).length > 0);
    push(counting(1000, 1000));
    await until(async () => (await spilled(id))?.end === 2000);
    push(counting(2000, 1000));
    await until(async () => (await spilled(id))?.end === 3000);
    assert.deepEqual(await bytesOf(await source.bytes(500, 2500)), counting(500, 2000));
    source.release(2000);
    await until(async () => (await spilled(id))?.start === 2000);
    close();
    await source.grow(Infinity);
    source.release(3000); // all of it: the last byte stays, so a restored source knows the size
    await until(async () => (await storedPiecesOf(id)).length === 1);
    assert.equal((await spilled(id))?.end, 3000);
    await source.forget();
    assert.deepEqual(await storedPiecesOf(id), [], 'nothing stored once forgotten');
  });

  it('after a "reload": a restored source gives back what was stored, and ends there', async () => {
    const id = newId();
    const { stream, push } = handStream();
    const first = StreamSource.read(stream, id, UploadError);
    push(counting(0, 4096));
    push(counting(4096, 4096));
    await until(async () => (await spilled(id))?.end === 8192);
    first.release(1000); // the server had the first 1000 bytes (no whole piece: nothing dropped)
    // The page is gone: a new source over the store.
    const restored = await StreamSource.restore(id, UploadError);
    assert.isTrue(restored.ended);
    assert.equal(restored.size, 8192);
    assert.deepEqual(await bytesOf(await restored.bytes(1000, 8192)), counting(1000, 7192));
    await restored.forget();
    assert.deepEqual(await storedPiecesOf(id), []);
    const nothing = await StreamSource.restore(id, UploadError, 5000);
    assert.equal(nothing.size, 5000, 'nothing stored: the size the caller knew');
  });

  it('keeps reading while nobody asks for bytes (a paused upload), and a failing stream is an error with the bytes kept', async () => {
    const id = newId();
    const { stream, push, fail } = handStream();
    const source = StreamSource.read(stream, id, UploadError);
    for (let i = 0; i < 20; i++) push(counting(i * 100, 100));
    await until(() => source.size === 2000);
    fail(new Error('camera unplugged'));
    const error = await source.grow(5000).catch((e) => e);
    assert.equal(error.code, 'STREAM_ERROR');
    assert.equal(error.cause.message, 'camera unplugged');
    await until(async () => (await spilled(id))?.end === 2000);
    assert.deepEqual(await bytesOf(await readRange(id, 0, 2000)), counting(0, 2000), 'what was read before the failure is stored');
    await forgetSpilled(id);
  });
});
