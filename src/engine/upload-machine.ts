// The one source of truth for where an upload stands: the public status and what may be sent are
// the same object, so a pause can never say `paused` while the gate is open, nor the reverse.
// Requests in flight share one AbortSignal that a pause replaces and a halt keeps aborted, so
// every wait in the engine ends early and asks the gate what now. docs/engine-states.md has the
// table below as prose.
//
//   state       | run moves on         | pause()        | resume()        | cancel()  | fails
//   ------------+----------------------+----------------+-----------------+-----------+------
//   idle        | uploading            | paused         | -               | cancelled | error
//   uploading   | retrying, finalizing | paused         | -               | cancelled | error
//   retrying    | uploading            | paused (*)     | -               | cancelled | error
//   paused      | remembered (**)      | -              | the remembered  | cancelled | error
//   finalizing  | retrying, complete   | - (media.add must not be cut half-way) | cancelled | error
//   complete, error, cancelled: final, every event ignored.
//   (*) not while retrying a finalizing call. (**) the run goes on with local work (a KS, the
//   fingerprint, the store) but every request waits at the gate; the state it reached is where
//   resume() goes.
import { UploadError } from '../errors.js';
import type { UploadState, UploadStatus } from './upload-status.js';

const FINAL: UploadState[] = ['complete', 'error', 'cancelled'];

export class UploadMachine {
  status: UploadStatus = { state: 'idle' };
  /** While paused: the state resume() goes back to. */
  #after?: UploadStatus;
  #open?: () => void;
  #resumed?: Promise<void>;
  #halted?: UploadError;
  #finalizing?: boolean;
  #controller = new AbortController();

  constructor(readonly emit: (status: UploadStatus, previous: UploadState) => void = () => {}) {}

  /** Aborted by a pause (then replaced) or a halt. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The reason the upload halted for good (CANCELLED, or the failure), if it did. */
  get stopped(): UploadError | undefined {
    return this.#halted;
  }

  /**
   * The run reached `status`. While paused it is only remembered for resume(); once final, nothing
   * moves any more; `error` and `cancelled` end a pause.
   */
  set(status: UploadStatus): void {
    const { state } = this.status;
    if (FINAL.includes(state)) return;
    this.#finalizing ||= status.state == 'finalizing';
    if (state == 'paused' && !FINAL.includes(status.state)) this.#after = status;
    else if (state != status.state || state == 'retrying') this.emit((this.status = status), state);
  }

  /** Holds every request at the gate and aborts those in flight; false when not allowed now. */
  pause(): boolean {
    const { status } = this;
    if (this.#finalizing || this.#halted || !['idle', 'uploading', 'retrying'].includes(status.state)) return false;
    this.#resumed = new Promise<void>((resolve) => (this.#open = resolve));
    this.set({ state: 'paused' });
    this.#after = status;
    // Requests after the pause need a live signal: the old one is replaced before its abort is seen.
    const old = this.#controller;
    this.#controller = new AbortController();
    old.abort(new UploadError('PAUSED', 'Paused'));
    return true;
  }

  /** Opens the gate and goes back to the state the run reached; false when not paused. */
  resume(): boolean {
    const paused = this.status.state == 'paused';
    if (paused) {
      this.#open!();
      this.#resumed = undefined;
      this.emit((this.status = this.#after!), 'paused');
    }
    return paused;
  }

  /** Halts for good (a cancel, or a failure no retry can fix), ending with `status` when given. The first reason wins. */
  halt(reason: UploadError, status?: UploadStatus): void {
    if (!this.#halted) this.#controller.abort((this.#halted = reason));
    this.#open?.();
    this.#resumed = undefined;
    if (status) this.set(status);
  }

  /** Clears a failure (not a cancel) so the upload can begin again with a new token. */
  restart(): void {
    if (this.#halted?.code == 'CANCELLED') return;
    this.#halted = undefined;
    if (this.signal.aborted) this.#controller = new AbortController();
  }

  /** Waits while paused; throws the reason once halted. */
  async gate(): Promise<void> {
    for (;;) {
      if (this.#halted) throw this.#halted;
      if (!this.#resumed) return;
      await this.#resumed;
    }
  }
}
