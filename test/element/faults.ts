// Server-side fault rules the element tests use, named for what a person would notice.
import type { FaultRule } from '../helpers/kaltura-server.js';

export const FAULTS = {
  /** Every chunk answer takes a while, so a row stays in `uploading` long enough to act on it. */
  slowChunks: [{ kind: 'latency', action: 'upload', ms: 150 }] as FaultRule[],
  /** Slow chunks and a slow entry creation, so `finalizing` can be seen. */
  slowChunksAndEntry: [{ kind: 'latency', action: 'upload', ms: 150 }, { kind: 'latency', service: 'multirequest', ms: 600 }] as FaultRule[],
  /** The first two chunk requests answer 503: the row shows "Retrying in N s", then finishes. */
  chunkFailsTwice: [{ kind: 'http503', action: 'upload', times: 2 }] as FaultRule[],
  /** Every chunk request answers 503: retries run out and the row fails. */
  chunksAlwaysFail: [{ kind: 'http503', action: 'upload' }] as FaultRule[],
};
