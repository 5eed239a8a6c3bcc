// The built-in list of interrupted uploads: each with its name, size, how far it got, what to do
// to continue it (choose the file again; a recording, which has no file, has a Continue button),
// and a Forget button.
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InterruptedUpload } from '../../engine/interrupted-uploads.js';
import type { Localize } from '../i18n/localize.js';
import type { UploaderStrings } from '../i18n/strings.js';

export function renderInterrupted(
  uploads: InterruptedUpload[], words: Localize, s: UploaderStrings, onForget: (key: string) => void, onContinue: (upload: InterruptedUpload) => void,
): TemplateResult {
  const button = (u: InterruptedUpload, name: string, text: string, run: () => void) =>
    html`<button part="button ${name}-button" class="button" type="button" aria-label=${s.actionLabel(text, u.fileName)} @click=${run}>${text}</button>`;
  const row = (u: InterruptedUpload) => html`<li part="interrupted-upload">
    <div class="head">
      <bdi part="interrupted-name" class="name">${u.fileName}</bdi>
      <span part="interrupted-size" class="muted">${words.bytes(u.fileSize)}</span>
      <span part="interrupted-progress" class="state">${s.interruptedProgress(words.percent(u.bytesConfirmed, u.fileSize))}</span>
    </div>
    <div class="foot">
      ${u.stream ? button(u, 'continue', s.continueUpload, () => onContinue(u)) : html`<span part="interrupted-hint" class="muted">${s.chooseAgain}</span>`}
      ${button(u, 'forget', s.forget, () => onForget(u.key))}
    </div>
  </li>`;
  return html`<div part="interrupted" class="interrupted">
    <p part="interrupted-title" class="interrupted-title" id="interrupted-title">${s.interruptedList}</p>
    <ul part="interrupted-list" aria-labelledby="interrupted-title">${repeat(uploads, (u) => u.key, row)}</ul>
  </div>`;
}
