// The element as the page sees it through ElementInternals, kept in step with the queue after
// every update:
// - a form control (form-associated custom element): its value is the new entries' ids, one
//   FormData entry under its `name` per completed upload; it is invalid (`:invalid`,
//   `checkValidity()` false) while files are still on their way, so a submit cannot lose them,
//   and with `required` until one upload is complete. The form callbacks are on the element.
// - its overall state for CSS: idle, uploading, paused, error or complete, as a custom state
//   (`kaltura-uploader:state(uploading)`) and as the `state` attribute (for browsers without
//   custom states). With several files the state that asks most of a person wins: uploading over
//   paused over error over complete over idle.
import type { ReactiveControllerHost } from 'lit';
import type { UploaderStrings } from '../i18n/strings.js';
import { isFinished, type QueueItem } from './upload-queue.js';

/** What `<kaltura-uploader>` is doing as a whole. */
export type UploaderState = 'idle' | 'uploading' | 'paused' | 'error' | 'complete';

/**
 * The overall state of `items`: uploading (a file starting, uploading, retrying, finalizing, or
 * queued for a slot or for credentials), else paused, else error (failed or rejected), else
 * complete, else idle (no file, cancelled ones, or files waiting for `start()`).
 */
export function overallState(items: QueueItem[]): UploaderState {
  const states = new Set<string>(items.map(({ status: { state }, held }) => (state === 'queued' && !held ? 'uploading' : state)));
  const any = (...names: string[]) => names.some((n) => states.has(n));
  return any('idle', 'uploading', 'retrying', 'finalizing') ? 'uploading' : any('paused') ? 'paused' : any('error', 'rejected') ? 'error' : any('complete') ? 'complete' : 'idle';
}

export interface InternalsHost extends ReactiveControllerHost, HTMLElement {
  name: string;
  required: boolean;
}

export interface InternalsConfig {
  items(): QueueItem[];
  strings(): UploaderStrings;
  /** Where the browser points its "why not" bubble: the drop zone. */
  anchor(): HTMLElement | null;
}

export function followInternals(host: InternalsHost, internals: ElementInternals, config: InternalsConfig): void {
  /** What was last handed to the internals, so an unchanged queue costs nothing. */
  let last = '';
  host.addController({
    hostUpdated() {
      const { name, required } = host;
      const items = config.items();
      const state = overallState(items);
      if (host.getAttribute('state') !== state) {
        host.setAttribute('state', state);
        try {
          internals.states.clear();
          internals.states.add(state);
        } catch {
          // Chromium before 125 takes only `--dashed` names; the attribute still tells.
        }
      }
      const ids = items.flatMap((i) => (i.status.state === 'complete' ? [i.status.result.entryId] : []));
      const busy = items.filter((i) => !isFinished(i)).length;
      const s = config.strings();
      const message = busy ? s.formBusy(busy) : required && !ids.length ? s.formRequired : '';
      const key = [name, message, ...ids].join('\n');
      if (key === last) return;
      last = key;
      const data = new FormData();
      for (const id of ids) data.append(name, id);
      internals.setFormValue(name && ids.length ? data : null);
      // A flag needs a message: ' ' stands in if a string was overridden with ''.
      internals.setValidity(busy ? { customError: true } : { valueMissing: !!message }, message || ' ', config.anchor() ?? undefined);
    },
  });
}
