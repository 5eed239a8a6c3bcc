// Server-side fault rules the element tests use, named for what a person would notice.
// TODO(element): fill in with the local API's rule format once test/server publishes it.
export const FAULTS = {
  slowChunks: [] as unknown[],
  slowChunksAndEntry: [] as unknown[],
  chunkFailsTwice: [] as unknown[],
  chunksAlwaysFail: [] as unknown[],
};
