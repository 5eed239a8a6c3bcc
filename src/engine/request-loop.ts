// The loop every Kaltura call of an upload goes through: wait at the gate while paused, send, and
// on failure decide what helps: a new KS (INVALID_KS with a `ks` function), waiting for the
// network (offline uses up no retry), a backoff and another try (network trouble, timeouts, 5xx),
// or nothing (the error ends the upload). A service that has never answered this page is tried
// for about 15 s only: a refused connection or an unknown host does not heal by waiting.
import { toUploadError } from '../errors.js';
import { answered, isOffline, type CallContext } from '../kaltura/client.js';
import type { KsSession } from './ks-session.js';
import { callContext, type ResolvedOptions } from './options.js';
import { refreshesKs, retryDelay } from './retry-policy.js';
import type { UploadMachine } from './upload-machine.js';
import type { UploadStatus } from './upload-status.js';
import { sleep, untilOnline } from './waits.js';

/** How long network errors from a service that never answered this page are retried. */
const NEVER_ANSWERED_MS = 15_000;

export type RetryingStatus = Extract<UploadStatus, { state: 'retrying' }>;

/** What the loop needs from the upload it works for. */
export interface RequestHost {
  readonly options: ResolvedOptions;
  readonly ks: KsSession;
  readonly control: UploadMachine;
  /** Runs after the gate, before each attempt (catching up with the server after a pause). */
  beforeAttempt(): Promise<void>;
  /** Grows whenever the server confirms bytes: the retry budget is per stretch without progress. */
  progressMark(): number;
  /** A retry is scheduled or the network awaited; `undefined` when the wait is over. */
  retrying(status: RetryingStatus | undefined): void;
}

/**
 * Sends one call until it succeeds or fails for good. `done()` says the work was done meanwhile
 * (a check with the server found the chunk there); `direct` skips `beforeAttempt` (for the calls
 * that are that check themselves).
 */
export async function request<T>(host: RequestHost, send: (ctx: CallContext) => Promise<T>, done?: () => boolean | undefined, direct?: boolean): Promise<T> {
  const { control, ks, options } = host;
  let attempt = 0;
  let mark = host.progressMark();
  let replayedWith: string | undefined;
  /** A KS the server refused, replaced before the next try (again after a failing `ks` function's backoff). */
  let refused: string | undefined;
  const began = Date.now();
  for (;;) {
    await control.gate();
    if (!direct) await host.beforeAttempt();
    if (done?.()) return undefined as T;
    let sentWith = ks.current;
    try {
      if (refused) {
        // A provider that fails here (KS_PROVIDER_FAILED, retryable) is waited for like a 5xx.
        await ks.replace(refused);
        replayedWith = sentWith = ks.current;
        refused = undefined;
      }
      const answer = await send(callContext(options, sentWith, control.signal));
      ks.worked(sentWith);
      return answer;
    } catch (e) {
      const error = toUploadError(e);
      const stopped = control.stopped;
      if (stopped) throw stopped.code === 'CANCELLED' ? error : stopped;
      if (error.code === 'PAUSED') continue; // the gate waits for resume()
      if (refreshesKs(error, ks.refreshable) && ks.mayReplace(sentWith, replayedWith)) {
        refused = sentWith;
        continue;
      }
      if (!error.retryable) throw error;
      if (isOffline()) {
        // No network: waiting for it uses up no retry (peers burn their budget here).
        host.retrying({ state: 'retrying', error, reason: 'offline' });
        await untilOnline(control.signal);
      } else {
        if (host.progressMark() > mark) attempt = 0;
        mark = host.progressMark();
        const delay = retryDelay(++attempt, options.retry, error.retryAfterMs);
        if (delay === undefined || (error.code == 'NETWORK_ERROR' && !answered.has(options.serviceUrl) && Date.now() + delay - began > NEVER_ANSWERED_MS)) throw error;
        host.retrying({ state: 'retrying', error, retryInMs: Math.round(delay), attempt });
        await sleep(delay, control.signal);
      }
      host.retrying(undefined);
    }
  }
}
