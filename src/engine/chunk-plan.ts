/** One byte range of the file, sent as one `uploadToken.upload`. */
export interface Chunk {
  index: number;
  start: number;
  end: number;
}

/**
 * Splits `size` bytes into chunks of `chunkSize` (the last one shorter). The last chunk is always
 * the one flagged `finalChunk`, so a file whose size is an exact multiple of the chunk size still
 * ends with a final chunk (the reference jQuery widget never sends one in that case).
 */
export function planChunks(size: number, chunkSize: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0, index = 0; start < size; start += chunkSize, index++) {
    chunks.push({ index, start, end: Math.min(size, start + chunkSize) });
  }
  return chunks;
}
