// Asks the browser to confirm leaving the page (`beforeunload`) while `active()` says bytes are in
// flight; listens only then, and only while the host is connected, so an idle page never prompts.
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class UnloadGuard implements ReactiveController {
  #guarding = false;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #active: () => boolean;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    active: () => boolean,
  ) {
    this.#host = host;
    this.#active = active;
    host.addController(this);
  }

  hostUpdated(): void {
    this.#sync();
  }

  hostDisconnected(): void {
    this.#sync();
  }

  #sync(): void {
    const guard = this.#host.isConnected && this.#active();
    if (guard === this.#guarding) return;
    this.#guarding = guard;
    if (guard) window.addEventListener('beforeunload', this.#onBeforeUnload);
    else window.removeEventListener('beforeunload', this.#onBeforeUnload);
  }

  /** One listener per guard: two uploaders on a page must not remove each other's. */
  #onBeforeUnload = (e: BeforeUnloadEvent): void => {
    e.preventDefault();
    e.returnValue = ''; // browsers before preventDefault() was honoured here prompt only for this
  };
}
