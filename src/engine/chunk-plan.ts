// What a chunk is, and where its bytes come from. The transfer cuts chunks as it goes (their size
// follows the link, transfer-plan.ts) and asks the source for each chunk's bytes: that one seam is
// where a source that grows while it uploads (a recording: bytes arriving over time, the size
// known only at its end) plugs in, with `bytes` waiting for the range and `size` growing.

/** One byte range of the file, sent as one `uploadToken.upload`. */
export interface Chunk {
  start: number;
  end: number;
}

/** Where chunk bytes come from. */
export interface ChunkSource {
  /** The bytes there are (all of them for a File; those read so far of a stream). */
  readonly size: number;
  /** A source that grows while it uploads (a stream): true until it ended, and `size` is final then. */
  readonly open?: boolean;
  /** The bytes of [start, end). */
  bytes(start: number, end: number): Blob | Promise<Blob>;
  /** A growing source: resolves once `size` is at least `n`, or it ended. */
  grow?(n: number): Promise<void>;
  /** The server holds the first `n` bytes: a source that keeps them may let them go. */
  release?(n: number): void;
}

/**
 * A File or Blob as a source. All of it is the Blob itself, never a slice: Chromium uploads a
 * picked File through a fast path, and any Blob made from it (even `file.slice(0, size)`) through
 * the blob registry at about half the speed (toolchain.md, "Upload speed in Chromium").
 */
export const blobSource = (blob: Blob): ChunkSource => ({
  size: blob.size,
  bytes: (start, end) => (start || end < blob.size ? blob.slice(start, end) : blob),
});
