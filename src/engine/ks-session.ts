// The KS an upload sends, and the rule for replacing it: a `ks` function is asked again when the
// server refuses a KS, once for every request that failed with that same KS, and the requests are
// replayed. A KS the function has just returned that is refused too ends the upload (the contract's
// "once"), unless it had worked before: then it simply expired, later, and is replaced again.
// A function that rejects or gives no string (the app's endpoint answered 502 and `.json()` gave an
// object) is a hiccup like a 5xx: KS_PROVIDER_FAILED is retryable, so the request loop asks again
// after its backoff, and only a spent retry budget ends the upload with it.
import { UploadError } from '../errors.js';
import type { KsSource } from './options.js';

export class KsSession {
  /** The KS requests go out with. */
  current = '';
  /** The last KS the server accepted. */
  #working?: string;
  #refresh?: Promise<void>;

  readonly #source: KsSource;

  constructor(source: KsSource) {
    this.#source = source;
  }

  get refreshable(): boolean {
    return typeof this.#source === 'function';
  }

  /** Asks the source for a KS (the first one, or a replacement). */
  async load(): Promise<void> {
    const s = this.#source;
    let ks: unknown;
    try {
      ks = typeof s === 'function' ? await s() : s;
    } catch {
      // Its reason stays out of the error: it may quote the KS endpoint's answer.
    }
    if (!ks || typeof ks !== 'string') throw new UploadError('KS_PROVIDER_FAILED', 'The `ks` function gave no KS', { retryable: true });
    this.current = ks;
  }

  /** The server accepted `ks`. */
  worked(ks: string): void {
    this.#working = ks;
  }

  /**
   * Whether a request refused with `ks` should be replayed with a new KS: always the first time,
   * and again only if `ks` (the replacement it was replayed with) had worked before.
   */
  mayReplace(ks: string, replayedWith: string | undefined): boolean {
    return replayedWith !== ks || this.#working === ks;
  }

  /** One refresh for every request that failed with the same KS. */
  async replace(failed: string): Promise<void> {
    if (this.current !== failed) return;
    this.#refresh ??= this.load().finally(() => (this.#refresh = undefined));
    await this.#refresh;
  }
}
