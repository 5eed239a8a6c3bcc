// A polite live region that tells a screen reader what happens to files: started, finished,
// failed or rejected, resuming, waiting for the network, ready to play or not converted; never
// every progress tick. It listens to the element's own events; what each says (and its English)
// loads with the first of them (announcements.ts), so a page that never uploads never loads it. Messages within a second are read together, so a burst of files
// does not cut one announcement off with the next; but at most the last few of them: a folder of
// a thousand files must not grow the region's text (and what a screen reader re-reads) without end.
import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { KalturaUploaderEventTarget } from '../events.js';
import type { Localize } from '../i18n/localize.js';
import type { AnnouncedEvent } from './announcements.js';

const MERGE_MS = 1000;
/** The most messages the region holds at once (the newest). */
const MAX_MESSAGES = 3;
/** The events that may be announced (what each says: announcements.ts). */
const ANNOUNCED = ['kaltura-upload-start', 'kaltura-upload-complete', 'kaltura-entry-ready', 'kaltura-entry-failed', 'kaltura-upload-error', 'kaltura-upload-statechange'] as const;

export class Announcer implements ReactiveController {
  #messages: string[] = [];
  /** When the messages in the region began: a second later the next one starts afresh. */
  #at = 0;
  /** What each event says: its chunk, loaded with the first event (a chunk that fails to load says nothing). */
  #wording?: Promise<(event: AnnouncedEvent) => string | undefined>;
  /** Settles once the last event heard is in the region (the element's updateComplete waits for it). */
  said?: Promise<void>;

  readonly #host: ReactiveControllerHost & KalturaUploaderEventTarget;

  constructor(
    host: ReactiveControllerHost & KalturaUploaderEventTarget,
    words: Localize,
  ) {
    this.#host = host;
    host.addController(this);
    // Events are worded in the order they came (one promise), each timed when it came.
    const heard = (event: Event) => {
      const at = Date.now();
      this.said = (this.#wording ??= import('./announcements.js').then((m) => m.announcements(words), () => () => undefined)).then((say) => {
        const message = say(event as AnnouncedEvent);
        if (message) this.announce(message, at);
      });
    };
    for (const type of ANNOUNCED) host.addEventListener(type, heard);
  }

  hostConnected(): void {}

  announce(message: string, now = Date.now()): void {
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
