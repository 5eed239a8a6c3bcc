// Byte-level work on an upload token's file. Every chunk is written at its offset in the token's
// one file as it arrives (or, when it could not be, copied there from incoming/ afterwards), and
// the byte ranges the server has received are kept in the token's record beside it. Kaltura parks
// an early chunk as its own file and merges it once the bytes before it exist; the ranges give the
// same answers (the contiguous `uploadedFileSize`, the final chunk's size check, what survives a
// restart) without copying a byte twice.
//
// A write never touches a byte that is already received: the first complete chunk for a range
// wins (as Kaltura keeps the bytes it has and ignores a parked duplicate), and a complete file,
// which may be an entry's content through a hard link, is never changed by a late request.
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Received byte ranges `[start, end)`, sorted, neither overlapping nor touching. */
export type Ranges = [start: number, end: number][];

export async function fileSize(file: string): Promise<number> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  return stat?.size ?? 0;
}

/** The bytes from offset 0 that are all there: Kaltura's `uploadedFileSize`. */
export function contiguousSize(ranges: Ranges): number {
  const first = ranges[0];
  return first && first[0] === 0 ? first[1] : 0;
}

/** `ranges` with `[start, end)` added (merged with what it overlaps or touches). */
export function addRange(ranges: Ranges, start: number, end: number): Ranges {
  if (end <= start) return ranges;
  const out: Ranges = [];
  for (const [s, e] of ranges) {
    if (e < start || s > end) out.push([s, e]);
    else [start, end] = [Math.min(s, start), Math.max(e, end)];
  }
  out.push([start, end]);
  return out.sort((a, b) => a[0] - b[0]);
}

/** The parts of `[start, end)` not in `ranges`. */
export function missingParts(ranges: Ranges, start: number, end: number): Ranges {
  const out: Ranges = [];
  let at = start;
  for (const [s, e] of ranges) {
    if (e <= at) continue;
    if (s >= end) break;
    if (s > at) out.push([at, s]);
    at = Math.max(at, e);
  }
  if (at < end) out.push([at, end]);
  return out;
}

/**
 * A stream that writes what it is given into `file` from `offset` on, skipping bytes `received()`
 * already holds (it is asked for every write, so ranges that arrive meanwhile are skipped too).
 * Pieces that queue up while a write is on its way go out together in the next one: a request's
 * body arrives in small pieces, and one write each would make the disk's latency the limit.
 */
export function rangeWriter(file: string, offset: number, received: () => Ranges): Writable {
  // The open itself is what is kept: a stream destroyed while the file is still being opened (a
  // client gone mid-chunk) must close the handle that open gives, or it leaks until GC.
  let opened: Promise<fs.promises.FileHandle> | undefined;
  let closed: Promise<void> | undefined;
  let at = offset;
  const put = async (bytes: Buffer) => {
    const handle = await (opened ??= fs.promises.open(file, 'r+'));
    const start = at;
    at += bytes.length;
    for (const [s, e] of missingParts(received(), start, at)) await handle.write(bytes, s - start, e - s, s);
  };
  const close = () => (closed ??= opened ? opened.then((h) => h.close(), () => {}) : Promise.resolve());
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(bytes: Buffer, _encoding, done) {
      put(bytes).then(() => done(), done);
    },
    writev(pieces, done) {
      put(Buffer.concat(pieces.map((p) => p.chunk as Buffer))).then(() => done(), done);
    },
    final(done) {
      void close().then(() => done(), done);
    },
    destroy(error, done) {
      void close().then(() => done(error), () => done(error));
    },
  });
}

/** Copies `source` (a chunk received under incoming/) into `target` at `offset`, skipping received bytes. */
export async function writeAt(target: string, source: string, offset: number, received: () => Ranges): Promise<void> {
  await pipeline(fs.createReadStream(source, { highWaterMark: 1024 * 1024 }), rangeWriter(target, offset, received));
}
