// The built-in list of interrupted uploads: each with its name, size, how far it got, what to do
// to continue it, and a Forget button.
import { html, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { InterruptedUpload } from '../engine/interrupted-uploads.js';
import type { Localize } from './localize.js';
import type { UploaderStrings } from './strings.js';

export function renderInterrupted(uploads: InterruptedUpload[], words: Localize, s: UploaderStrings, onForget: (key: string) => void): TemplateResult {
  const row = (u: InterruptedUpload) => html`<li part="interrupted-upload">
    <div class="head">
      <span part="interrupted-name" class="name">${u.fileName}</span>
      <span part="interrupted-size" class="muted">${words.bytes(u.fileSize)}</span>
      <span part="interrupted-progress" class="state">${s.interruptedProgress(words.percent(u.bytesConfirmed, u.fileSize))}</span>
    </div>
    <div class="foot">
      <span part="interrupted-hint" class="muted">${s.chooseAgain}</span>
      <button part="button forget-button" class="button" type="button" aria-label=${s.actionLabel(s.forget, u.fileName)}
        @click=${() => onForget(u.key)}>${s.forget}</button>
    </div>
  </li>`;
  return html`<div part="interrupted" class="interrupted">
    <p part="interrupted-title" class="interrupted-title" id="interrupted-title">${s.interruptedList}</p>
    <ul part="interrupted-list" aria-labelledby="interrupted-title">${repeat(uploads, (u) => u.key, row)}</ul>
  </div>`;
}
