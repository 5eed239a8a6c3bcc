// A polite live region that tells a screen reader what happens to files: started, finished,
// failed or rejected, resuming, waiting for the network, ready to play or not converted; never
// every progress tick. It listens
// to the element's own events. Messages within a second are read together, so a burst of files
// does not cut one announcement off with the next.
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Rejection } from '../files/file-checks.js';
import type { Localize } from '../i18n/localize.js';

const MERGE_MS = 1000;
const REJECTIONS = new Set<string>(['FILE_TYPE_NOT_ACCEPTED', 'FILE_TOO_LARGE', 'EMPTY_FILE', 'DURATION_TOO_SHORT', 'DURATION_TOO_LONG']);

export class Announcer implements ReactiveController {
  #text = '';
  #at = 0;
  /** Files whose "waiting for network" was announced, until they move on. */
  readonly #waiting = new WeakSet<File>();

  readonly #host: ReactiveControllerHost & HTMLElement;

  constructor(
    host: ReactiveControllerHost & HTMLElement,
    words: Localize,
  ) {
    this.#host = host;
    host.addController(this);
    const s = () => words.strings;
    host.addEventListener('kaltura-upload-start', (e) => this.announce(s().announceStart(e.detail.file.name)));
    host.addEventListener('kaltura-upload-complete', (e) => this.announce(s().announceDone(e.detail.file.name)));
    host.addEventListener('kaltura-entry-ready', (e) => this.announce(s().announceReady(e.detail.file.name)));
    host.addEventListener('kaltura-entry-failed', (e) => this.announce(s().announceConversionFailed(e.detail.file.name)));
    host.addEventListener('kaltura-upload-error', ({ detail: { file, error } }) => {
      this.announce(REJECTIONS.has(error.code)
        ? s().announceRejected(file.name, words.rejection(error.code as Rejection))
        : s().announceFailed(file.name, words.error(error)));
    });
    host.addEventListener('kaltura-upload-statechange', ({ detail }) => {
      const { file } = detail;
      if (detail.state === 'uploading' && detail.resumedFrom) {
        this.announce(s().announceResuming(file.name, words.percent(detail.resumedFrom, file.size)));
      }
      if (detail.state === 'retrying' && detail.reason === 'offline') {
        if (!this.#waiting.has(file)) this.announce(s().announceWaitingForNetwork(file.name));
        this.#waiting.add(file);
      } else if (detail.state !== 'retrying') {
        this.#waiting.delete(file);
      }
    });
  }

  hostConnected(): void {}

  announce(message: string): void {
    const now = Date.now();
    this.#text = now - this.#at < MERGE_MS ? `${this.#text} ${message}` : message;
    this.#at = now;
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite">${this.#text}</div>`;
  }
}
