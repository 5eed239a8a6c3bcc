// `keep-awake`: a screen wake lock while bytes move, so a laptop left alone does not sleep in the
// middle of an upload. The browser drops the lock when the page is hidden; it is asked for again
// when the page is visible and bytes still move, and let go as soon as they stop. Refusals (no
// permission, an insecure page, a browser without the API) are quiet: uploads go on regardless.
import type { ReactiveControllerHost } from 'lit';

export function holdWakeLock(host: ReactiveControllerHost & HTMLElement, wanted: () => boolean): void {
  /** The request for this stretch of wanting the lock: asked once, let go when it ends (even if it answers late). */
  let lock: Promise<WakeLockSentinel | void> | undefined;
  const sync = (): void => {
    if (host.isConnected && document.visibilityState === 'visible' && wanted()) {
      lock ??= navigator.wakeLock?.request('screen').catch(() => undefined);
    } else if (lock) {
      void lock.then((sentinel) => sentinel?.release());
      lock = undefined;
    }
  };
  host.addController({
    hostConnected: () => document.addEventListener('visibilitychange', sync),
    hostDisconnected() {
      document.removeEventListener('visibilitychange', sync);
      sync();
    },
    hostUpdated: sync,
  });
}
