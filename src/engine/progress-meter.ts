// Progress as a person sees it: bytes sent and bytes confirmed, each a high-water mark (a retry
// starts a chunk over, but a bar must not move backwards), reported at most every 100 ms with a
// trailing report so the last figure is never lost.

export interface UploadProgressDetail {
  /** Bytes handed to the network (XHR upload progress); never moves backwards. */
  bytesSent: number;
  /** Bytes of chunks the server answered for; never moves backwards. */
  bytesConfirmed: number;
  bytesTotal: number;
}

const INTERVAL_MS = 100;

export class ProgressMeter {
  #sent = 0;
  #confirmed = 0;
  #lastAt = 0;
  #timer?: ReturnType<typeof setTimeout>;

  readonly #total: () => number;
  readonly #emit: (detail: UploadProgressDetail) => void;

  constructor(
    /** The file's size (read when reported, so a source may still be growing). */
    total: () => number,
    emit: (detail: UploadProgressDetail) => void,
  ) {
    this.#total = total;
    this.#emit = emit;
  }

  get detail(): UploadProgressDetail {
    return { bytesSent: this.#sent, bytesConfirmed: this.#confirmed, bytesTotal: this.#total() };
  }

  /** Whether a throttled report is still owed. */
  get owed(): boolean {
    return this.#timer !== undefined;
  }

  /** Takes new figures; reports now when `force`d or when the last report is old enough, else soon. */
  update(confirmed: number, sent: number, force?: boolean): void {
    this.#confirmed = Math.max(this.#confirmed, confirmed);
    this.#sent = Math.max(this.#sent, sent, this.#confirmed);
    const now = Date.now();
    if (!force && now - this.#lastAt < INTERVAL_MS) {
      this.#timer ??= setTimeout(() => {
        this.#timer = undefined;
        this.#report(Date.now());
      }, INTERVAL_MS);
      return;
    }
    this.#report(now);
  }

  /** Starts from zero (a remembered upload that had to begin again). */
  reset(): void {
    this.#sent = this.#confirmed = 0;
  }

  /** No more reports (the upload ended). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #report(now: number): void {
    this.stop();
    this.#lastAt = now;
    this.#emit(this.detail);
  }
}
