// One budget of requests in flight per host, shared by every upload in the page (element or not).
// Browsers open at most 6 HTTP/1.1 connections to a host and queue the rest where no one sees
// them: a queued request shows no upload progress, so its stall timer would fire and abort it.
// Kaltura's own TypeScript client keeps one page-wide pool of 6 for the same reason. Requests wait
// here instead, and their timers start only once they hold a slot.

/** Per host: requests in flight, and how to wake the ones waiting. */
const hosts: Record<string, { busy: number; wake: (() => void)[] }> = {};

/**
 * Waits until fewer than `max` requests of the page are in flight to `url`'s host, then resolves
 * with the function that gives the slot back (call it once). Throws the signal's reason when it
 * aborts first. A freed slot wakes every waiter; they try again in the order they came.
 */
export async function connectionSlot(url: string, max: number, signal: AbortSignal): Promise<() => void> {
  const host = (hosts[new URL(url).host] ??= { busy: 0, wake: [] });
  while (host.busy >= max) {
    let wake!: () => void;
    await new Promise<void>((resolve) => {
      host.wake.push((wake = resolve));
      signal.addEventListener('abort', wake);
    });
    signal.removeEventListener('abort', wake);
    signal.throwIfAborted();
  }
  host.busy++;
  return () => {
    host.busy--;
    for (const wake of host.wake.splice(0)) wake();
  };
}
