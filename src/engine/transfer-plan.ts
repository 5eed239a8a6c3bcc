// How big the next chunk is, from how fast the server has been answering. The rate is measured
// from answers only, never from XHR upload progress (socket buffers let that run tens of MiB ahead
// of the server on a fast link), and each chunk aims at a couple of seconds: a retry then re-sends
// little on a slow link and confirmed progress keeps moving, while a fast link gets chunks big
// enough that per-request costs vanish. A fixed `chunkSize` option turns all of this off.

const MiB = 1024 * 1024;
/**
 * The first chunk of a plan without a rate yet, the probe whose answer says how fast the link is: a
 * 128th of the file, 1 MiB to 4 MiB. Its time includes a request's fixed cost, which the rate then
 * wrongly spreads over the file 128 times (a fixed 1 MiB probe would spread it 512 times over
 * 512 MiB). Chunks follow it from its end: its bytes never go twice.
 */
const MAX_PROBE_BYTES = 4 * MiB;
/** Chunks are 1 MiB to 64 MiB. */
export const MIN_BYTES = MiB;
const MAX_BYTES = 64 * MiB;
/** Seconds a chunk should take. */
const TARGET_SECONDS = 2;
/** A whole-file request goes on when the rate its own progress shows carries the file in this long. */
export const WHOLE_SECONDS = 5;

/**
 * Where the chunk that starts at `at` ends, in a file of `size` bytes, at `rate` bytes per second
 * (0: not measured yet) shared by `concurrency` requests; a `chunkSize` option is used as it is.
 */
export function chunkEnd(at: number, size: number, rate: number, { chunkSize, concurrency }: { chunkSize?: number; concurrency: number }): number {
  if (chunkSize) return Math.min(size, at + chunkSize);
  // Before any answer, the probe (MIN_BYTES is its smallest size too).
  const want = Math.min(rate ? MAX_BYTES : MAX_PROBE_BYTES, Math.max(MIN_BYTES, rate ? (rate * TARGET_SECONDS) / concurrency : size / 128)) | 0;
  // A tail smaller than the smallest chunk goes with this one.
  return at + want + MIN_BYTES > size ? size : at + want;
}

/** The rate after a chunk of `bytes` was answered `ms` after it went out, with `parallel` chunks in flight (itself included). */
export function nextRate(rate: number, bytes: number, ms: number, parallel: number): number {
  const sample = (bytes * parallel * 1000) / (ms || 1);
  return rate ? (rate + sample) / 2 : sample;
}

/**
 * Whether a file goes first as one request, the File itself, watched (`watchWhole`): 16 MiB or more
 * (a smaller one is a few chunks, and its first one finds a slow link), never with a fixed chunk size.
 */
export const wholeFirst = (size: number, { chunkSize }: { chunkSize?: number }): boolean => !chunkSize && size >= 16 * MIN_BYTES;
