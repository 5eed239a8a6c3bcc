// What `import-url` and `replace-entry-id` add to <kaltura-uploader>, in a chunk of its own that
// loads with the first use of either: their English words (beneath packs and `strings`), the
// "Paste a link" field, and links pasted or dropped on the element becoming import rows (a row
// whose source is the URL: Kaltura downloads it, no bytes through the browser). A link that is not
// http(s) (`javascript:`, `file:`, `data:`) is refused here, before any request, with a message.
// Replacement rows need nothing more here: the queue hands `replaces` to the engine, the row and
// the entry follower word it.
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { httpUrl, nameOfUrl } from '../../engine/workflows/url-import.js';
import type { UploadQueue } from '../controllers/upload-queue.js';
import type { Localize } from '../i18n/localize.js';
import { workflowStrings } from './workflow-strings.js';

export interface WorkflowsHost extends ReactiveControllerHost, HTMLElement {
  importUrl: boolean;
  manual: boolean;
}

/**
 * The link field's layout, adopted into the element's shadow root when this chunk loads (a
 * constructed stylesheet: allowed under a strict CSP, where a <style> element is not).
 */
const linkStyles = css`
  .link-form { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-block: 0.75rem; }
  .link-form input { flex: 1 1 16rem; min-inline-size: 0; padding: 0.4rem 0.6rem; font: inherit; border: 1px solid var(--kaltura-uploader-border, #8c95a3); border-radius: calc(var(--kaltura-uploader-radius, 8px) / 2); }
  .link-form .message { flex-basis: 100%; margin: 0; }
`;

/** The first link in dropped or pasted text (`text/uri-list` lines starting with `#` are comments). */
function linkIn(data: DataTransfer): string | undefined {
  const text = data.getData('text/uri-list') || data.getData('text/plain');
  return text.split(/\r?\n/).map((line) => line.trim()).find((line) => line && !line.startsWith('#'));
}

export class ElementWorkflows implements ReactiveController {
  /** Why the last link was refused, shown under the field (role=alert); '' when none. */
  #refused = '';
  readonly #host: WorkflowsHost;
  readonly #words: Localize;
  readonly #queue: UploadQueue;

  constructor(host: WorkflowsHost, words: Localize, queue: UploadQueue) {
    this.#host = host;
    this.#words = words;
    this.#queue = queue;
    host.addController(this);
    words.addDefaults(workflowStrings);
    const root = host.shadowRoot;
    if (root && linkStyles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, linkStyles.styleSheet];
    const open = () => host.importUrl && !host.matches(':disabled');
    // Text dragged over the element (not files: the drop target takes those) may be dropped here.
    const onDrag = (e: DragEvent) => {
      const types = e.dataTransfer?.types ?? [];
      if (!open() || types.includes('Files') || !(types.includes('text/uri-list') || types.includes('text/plain'))) return;
      e.preventDefault();
      e.dataTransfer!.dropEffect = 'copy';
    };
    host.addEventListener('dragover', onDrag);
    host.addEventListener('dragenter', onDrag);
    host.addEventListener('drop', (e) => {
      const data = e.dataTransfer;
      if (!open() || !data || data.files.length) return;
      const link = linkIn(data);
      if (!link) return;
      e.preventDefault();
      this.add(link);
    });
    host.addEventListener('paste', (e) => {
      const data = e.clipboardData;
      // Pasted into the link field: the field takes it as text.
      if (!open() || !data || data.files.length || (e.composedPath()[0] as HTMLElement)?.localName === 'input') return;
      const link = linkIn(data);
      if (!link) return;
      e.preventDefault();
      this.add(link);
    });
  }

  hostConnected(): void {}

  /** Adds an import row for `link`; false (and a message under the field) when it is not an http(s) link. */
  add(link: string): boolean {
    const url = httpUrl(link);
    this.#refused = url ? '' : this.#words.strings.invalidLink;
    if (url) this.#queue.add([new File([], nameOfUrl(url))], this.#host.manual, () => undefined, url);
    this.#host.requestUpdate();
    return !!url;
  }

  /** The "Paste a link" field and its Import button. */
  render(): TemplateResult {
    const s = this.#words.strings;
    const submit = (e: SubmitEvent) => {
      e.preventDefault();
      const input = (e.target as HTMLFormElement).elements.namedItem('link') as HTMLInputElement;
      if (input.value.trim() && this.add(input.value.trim())) input.value = '';
    };
    return html`<form part="link-form" class="link-form" novalidate @submit=${submit}>
      <label part="link-label" for="link">${s.pasteLink}</label>
      <input part="link-input" id="link" name="link" type="url" inputmode="url" autocomplete="off" placeholder="https://" aria-describedby="link-refused" />
      <button part="button import-button" class="button" type="submit">${s.importLink}</button>
      ${this.#refused ? html`<p part="message" class="message" id="link-refused" role="alert">${this.#refused}</p>` : nothing}
    </form>`;
  }
}
