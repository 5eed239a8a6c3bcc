// What the processing tracker (processing-tracker.ts, loaded up front) and the entry follower it
// loads later (entry-follower.ts) say to each other: where a finished row's entry stands, what
// following needs, and the tools handed over. Shapes only, in a file of their own, so neither of
// the two imports the other for them.
import type { WaitForEntryOptions } from '../../engine/entry-tracking.js';
import type { KsSession } from '../../engine/ks-session.js';
import type { callContext } from '../../engine/options.js';
import type { callKaltura } from '../../kaltura/client.js';
import type { emit } from '../events.js';
import type { QueueItem } from './upload-queue.js';

/**
 * Where a finished row's entry stands; `unknown` when following it failed (e.g. the KS may not call
 * media.get); `approval` when its replacement waits for approval (READY_BUT_NOT_APPROVED).
 */
export interface Processing {
  state: 'processing' | 'ready' | 'failed' | 'approval' | 'unknown';
  /** The row replaced an existing entry's media (`replace-entry-id`). */
  replaced?: boolean;
  /** What the row shows of the entry as last read (its thumbnail, its Play link): not the whole answer, for every row of a long list. */
  entry: ShownEntry;
}

export interface ShownEntry {
  id: string;
  status?: number;
  thumbnailUrl?: unknown;
  dataUrl?: unknown;
}

/** What following needs from the element: the call settings and the KS, not the per-entry options. */
export type FollowOptions = Omit<WaitForEntryOptions, 'entry' | 'signal' | 'onEntry' | 'minDelay' | 'maxDelay'>;

export interface ProcessingTrackerConfig {
  items(): readonly QueueItem[];
  /** Service, KS and call settings; undefined while following is off (`no-track-processing`). */
  options(): FollowOptions | undefined;
}

/**
 * What the follower's module is handed instead of importing it: a bundler follows an import() even
 * in an app that leaves the element out (it uses only the engine), and whatever that chunk imported
 * from the element's chunk would come along; the page has this code loaded already.
 */
export interface FollowerTools {
  KsSession: typeof KsSession;
  callContext: typeof callContext;
  callKaltura: typeof callKaltura;
  emit: typeof emit;
}
