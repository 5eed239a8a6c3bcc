// One budget of requests in flight per host, shared by every upload in the page (element or not).
// Browsers open at most 6 HTTP/1.1 connections to a host and queue the rest where no one sees
// them: a queued request shows no upload progress, so its stall timer would fire and abort it.
// Kaltura's own TypeScript client keeps one page-wide pool of 6 for the same reason. Requests wait
// here instead, and their timers start only once they hold a slot.

/** Per host: requests in flight, and the waiters in the order they came. */
const hosts: Record<string, { busy: number; queue: (() => void)[] }> = {};

/**
 * Waits until fewer than `max` requests of the page are in flight to `url`'s host, then resolves
 * with the function that gives the slot back (call it once). Throws the signal's reason when it
 * aborts first. A freed slot goes to the first waiter only (the others sleep on, no stampede); a
 * waiter that aborts leaves the queue at once, so no slot is ever handed to one that gave up.
 */
export async function connectionSlot(url: string, max: number, signal: AbortSignal): Promise<() => void> {
  const host = (hosts[new URL(url).host] ??= { busy: 0, queue: [] });
  signal.throwIfAborted();
  if (host.busy < max) host.busy++;
  else {
    // The slot is handed over by its releaser: `busy` stays as it is.
    await new Promise<void>((resolve, reject) => {
      const wake = () => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        host.queue.splice(host.queue.indexOf(wake) >>> 0, 1);
        reject(signal.reason);
      };
      host.queue.push(wake);
      signal.addEventListener('abort', abort);
    });
  }
  return () => {
    const next = host.queue.shift();
    if (next) next();
    else host.busy--;
  };
}
