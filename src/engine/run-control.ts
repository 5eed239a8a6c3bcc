// Whether the upload may go on: running, paused behind a gate that `resume()` opens, or stopped
// for good (cancelled, or failed). Requests in flight share one AbortSignal that a pause replaces
// and a stop keeps aborted, so every wait in the engine ends early and asks the gate what now.
import { UploadError } from '../errors.js';

type Mode =
  | { kind: 'running' }
  | { kind: 'paused'; resumed: Promise<void>; open: () => void }
  | { kind: 'stopped'; reason: UploadError };

export class RunControl {
  #mode: Mode = { kind: 'running' };
  #controller = new AbortController();

  /** Aborted by a pause (then replaced) or a stop. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The reason the upload stopped for good (CANCELLED, or the failure), if it did. */
  get stopped(): UploadError | undefined {
    return this.#mode.kind === 'stopped' ? this.#mode.reason : undefined;
  }

  /** Aborts what is in flight and holds every request at the gate until `resume()`. */
  pause(): void {
    if (this.#mode.kind !== 'running') return;
    let open!: () => void;
    const resumed = new Promise<void>((resolve) => (open = resolve));
    this.#mode = { kind: 'paused', resumed, open };
    const old = this.#controller;
    this.#controller = new AbortController(); // requests after the pause need a live signal
    old.abort(new UploadError('PAUSED', 'Paused'));
  }

  /** Opens the gate; false when the upload was not paused. */
  resume(): boolean {
    const mode = this.#mode;
    if (mode.kind !== 'paused') return false;
    this.#mode = { kind: 'running' };
    mode.open();
    return true;
  }

  /** Stops for good: a cancel, or a failure no retry can fix. The first reason wins. */
  stop(reason: UploadError): void {
    const mode = this.#mode;
    if (mode.kind === 'stopped') return;
    this.#mode = { kind: 'stopped', reason };
    if (mode.kind === 'paused') mode.open();
    this.#controller.abort(reason);
  }

  /** Clears a failure (not a cancel) so the upload can begin again with a new token. */
  restart(): void {
    if (this.stopped?.code === 'CANCELLED') return;
    this.#mode = { kind: 'running' };
    if (this.signal.aborted) this.#controller = new AbortController();
  }

  /** Waits while paused; throws the reason once stopped. */
  async gate(): Promise<void> {
    for (let mode = this.#mode; mode.kind !== 'running'; mode = this.#mode) {
      if (mode.kind === 'stopped') throw mode.reason;
      await mode.resumed;
    }
  }
}
