// Waits that end early when the upload is paused, cancelled or failed (its signal aborts): the
// caller then asks the run control what to do, so no timer outlives the reason it was set for.
import { isOffline } from '../kaltura/client.js';

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/** Resolves on the window's `online` event (at once when not offline), or as soon as `signal` aborts. */
export function untilOnline(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      globalThis.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    globalThis.addEventListener('online', done);
    signal.addEventListener('abort', done);
    if (!isOffline() || signal.aborted) done();
  });
}
