// Wakes a final chunk that waits for the chunks before it as soon as one of them lands, instead of
// re-checking on a timer only.
import { RequestAbortedError } from '../core/request-params.ts';

/** One waitable signal per token id. */
export class TokenSignal {
  private waiters = new Map<string, Set<() => void>>();
  private closed = false;

  /** Wakes every waiter with a RequestAbortedError, and fails new waits, until `open()`. */
  close(): void {
    this.closed = true;
    for (const id of [...this.waiters.keys()]) this.notify(id);
  }

  open(): void {
    this.closed = false;
  }

  notify(id: string): void {
    const set = this.waiters.get(id);
    this.waiters.delete(id);
    set?.forEach((wake) => wake());
  }

  /** Resolves on the next notify for `id`, or after `ms`; rejects when the signal is closed. */
  wait(id: string, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new RequestAbortedError('the server restarted', 'restart'));
      const wake = () => {
        clearTimeout(timer);
        this.waiters.get(id)?.delete(wake);
        if (this.closed) reject(new RequestAbortedError('the server restarted', 'restart'));
        else resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!this.waiters.has(id)) this.waiters.set(id, new Set());
      this.waiters.get(id)!.add(wake);
    });
  }
}
