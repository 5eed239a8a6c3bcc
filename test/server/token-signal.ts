// Wakes a final chunk that waits for the chunks before it as soon as one of them lands, instead of
// re-checking on a timer only.

/** One waitable signal per token id. */
export class TokenSignal {
  private waiters = new Map<string, Set<() => void>>();

  notify(id: string): void {
    const set = this.waiters.get(id);
    this.waiters.delete(id);
    set?.forEach((wake) => wake());
  }

  /** Resolves on the next notify for `id`, or after `ms`. */
  wait(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.waiters.get(id)?.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      if (!this.waiters.has(id)) this.waiters.set(id, new Set());
      this.waiters.get(id)!.add(wake);
    });
  }
}
