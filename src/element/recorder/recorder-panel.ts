// The element's recorder, in a chunk of its own that the element loads once `record` is set (the
// element holds only that `import()`): the Record buttons, then the live preview, the time
// recorded and Stop; each recording goes to the queue as a row that uploads while it records.
// Failures show under the buttons (`role=alert`) and are dispatched as `kaltura-upload-error` with
// a RECORDING_* code.
//
// It imports nothing of the element's at run time but lit (types only otherwise): a module both
// chunks import would be split into a third chunk, and the import/export glue of that costs the
// element's bundle more than the recorder's whole footprint in it. So the element hands over its
// UploadError class, and the panel dispatches its event and formats its clock itself.
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { UploadError } from '../../errors.js';
import type { Localize } from '../i18n/localize.js';
import type { UploaderStrings } from '../i18n/strings.js';
import type { UploadQueue } from '../controllers/upload-queue.js';
import { recorderStrings } from './recorder-strings.js';
import { Recording, capture, recordingDate, recordingError, type RecordKind } from './recording.js';

type Errors = typeof UploadError;
type Host = ReactiveControllerHost & HTMLElement & { record: string; renderRoot: HTMLElement | DocumentFragment };

const styles = css`
  .recorder {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    margin-top: var(--kaltura-uploader-gap);
  }
  .recorder video {
    width: 12rem;
    max-width: 100%;
    border-radius: calc(var(--kaltura-uploader-radius) / 2);
    background: #000;
  }
`;

/** Seconds as "m:ss" (a recording's clock; minutes go past 59). */
const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

export class RecorderPanel implements ReactiveController {
  #recording?: Recording;
  #starting = false;
  /** Why the last recording could not start, or stopped early. */
  #message?: string;
  #clock?: ReturnType<typeof setInterval>;

  readonly #host: Host;
  readonly #words: Localize;
  readonly #queue: UploadQueue;
  readonly #errors: Errors;

  constructor(host: Host, words: Localize, queue: UploadQueue, errors: Errors) {
    this.#host = host;
    this.#words = words;
    this.#queue = queue;
    this.#errors = errors;
    host.addController(this);
    // Styles of their own, adopted next to the element's (never a style attribute: CSP).
    const root = host.renderRoot as ShadowRoot;
    if (root.adoptedStyleSheets && styles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
    host.requestUpdate();
  }

  /** An element taken out of the document stops recording (the camera must not stay on unseen). */
  hostDisconnected(): void {
    this.stop();
  }

  /** A recording is running. */
  get recording(): boolean {
    return !!this.#recording;
  }

  /** Starts recording (nothing while one runs or is starting, nor while the element is disabled). */
  async start(kind: RecordKind): Promise<void> {
    if (this.#recording || this.#starting || this.#host.matches(':disabled')) return;
    this.#starting = true;
    this.#message = undefined;
    this.#host.requestUpdate();
    const s = this.#strings();
    const name = s.recordingName(recordingDate(new Date()));
    const standIn = (type: string) => new File([], `${name}.${type.includes('mp4') ? 'mp4' : 'webm'}`, { type: type.split(';')[0] });
    let recording: Recording;
    try {
      const media = await capture(kind);
      try {
        recording = new Recording(media, kind, (lost) => this.#stopped(file, lost));
      } catch (e) {
        for (const track of media.getTracks()) track.stop();
        throw e;
      }
    } catch (e) {
      this.#fail(recordingError(this.#errors, e, { RECORDING_NOT_ALLOWED: s.recordingNotAllowed, RECORDING_NO_DEVICE: s.recordingNoDevice, RECORDING_NOT_SUPPORTED: s.recordingNotSupported }), standIn('video/webm'));
      return;
    } finally {
      this.#starting = false;
    }
    const file = standIn(recording.type);
    this.#recording = recording;
    this.#clock = setInterval(() => this.#host.requestUpdate(), 1000);
    this.#queue.add([file], false, () => undefined, recording.stream);
    this.#focus('stop-button');
  }

  /** Stops the running recording (its last piece then uploads). */
  stop(): void {
    this.#recording?.stop();
  }

  /** The Record buttons, or the preview, the time and Stop while recording; a failure's message below. */
  render(): TemplateResult {
    const s = this.#strings();
    const r = this.#recording;
    const record = (kind: RecordKind, label: string) => this.#host.record.includes(kind)
      ? html`<button part="button record-button record-${kind}-button" class="button" type="button" ?disabled=${this.#starting || this.#host.matches(':disabled')} @click=${() => this.start(kind)}>${label}</button>`
      : nothing;
    return html`<div part="recorder" class="recorder">${r
      ? html`<video part="recorder-preview" aria-label=${s.recordingPreview} .srcObject=${r.media} .muted=${true} autoplay playsinline></video>
          <span part="recorder-time" class="state" role="timer">${s.recordingTime(clock(r.seconds))}</span>
          <button part="button stop-button" class="button" type="button" @click=${() => r.stop()}>${s.stopRecording}</button>`
      : html`${record('camera', s.recordCamera)}${record('screen', s.recordScreen)}`}</div>${this.#message
      ? html`<p part="recorder-message" class="message" role="alert">${this.#message}</p>`
      : nothing}`;
  }

  #stopped(file: File, lost: boolean): void {
    clearInterval(this.#clock);
    this.#recording = undefined;
    if (lost) this.#fail(new this.#errors('RECORDING_DEVICE_LOST', this.#strings().recordingDeviceLost), file);
    this.#focus('record-button');
  }

  #fail(error: UploadError, file: File): void {
    this.#message = error.message;
    this.#host.dispatchEvent(new CustomEvent('kaltura-upload-error', { detail: { file, error }, bubbles: true, composed: true }));
    this.#host.requestUpdate();
  }

  /** Moves focus to the first button with `part` once rendered (the button pressed is gone). */
  #focus(part: string): void {
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => this.#host.renderRoot.querySelector<HTMLElement>(`[part~="${part}"]`)?.focus());
  }

  #strings(): UploaderStrings {
    return { ...recorderStrings, ...this.#words.strings };
  }
}
