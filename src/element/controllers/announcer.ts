// A polite live region that tells a screen reader what happens to files: started, finished,
// failed or rejected, resuming, waiting for the network, ready to play or not converted; never
// every progress tick. It listens
// to the element's own events. Messages within a second are read together, so a burst of files
// does not cut one announcement off with the next; but at most the last few of them: a folder of
// a thousand files must not grow the region's text (and what a screen reader re-reads) without end.
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Rejection } from '../files/file-checks.js';
import type { KalturaUploaderEventTarget } from '../events.js';
import type { Localize } from '../i18n/localize.js';

const MERGE_MS = 1000;
/** The most messages the region holds at once (the newest). */
const MAX_MESSAGES = 3;
const REJECTIONS = new Set<string>(['FILE_TYPE_NOT_ACCEPTED', 'FILE_TOO_LARGE', 'EMPTY_FILE', 'DURATION_TOO_SHORT', 'DURATION_TOO_LONG']);

export class Announcer implements ReactiveController {
  #messages: string[] = [];
  /** When the messages in the region began: a second later the next one starts afresh. */
  #at = 0;
  /** Files whose "waiting for network" was announced, until they move on. */
  readonly #waiting = new WeakSet<File>();

  readonly #host: ReactiveControllerHost & KalturaUploaderEventTarget;

  constructor(
    host: ReactiveControllerHost & KalturaUploaderEventTarget,
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
    if (now - this.#at >= MERGE_MS) {
      this.#messages = [];
      this.#at = now;
    }
    this.#messages = [...this.#messages, message].slice(-MAX_MESSAGES);
    this.#host.requestUpdate();
  }

  render(): TemplateResult {
    return html`<div class="sr-only" role="status" aria-live="polite">${this.#messages.join(' ')}</div>`;
  }
}
