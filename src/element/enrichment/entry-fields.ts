// A waiting row's entry fields in `metadata` mode (name, description, tags), typed into the row's
// own object: the engine's entry gets them. Only `metadata` mode shows them, and it loads the
// enrichment chunk anyway (captions, the pickers), so they come with it: other pages pay nothing.
import { css, html, type TemplateResult } from 'lit';
import type { MetadataFields, QueueItem } from '../controllers/upload-queue.js';
import type { UploaderStrings } from '../i18n/strings.js';

/** Their rules, adopted with the panel's. */
export const fieldStyles = css`
  .fields {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.375rem 0.75rem;
    align-items: center;
  }
  .fields input,
  .fields textarea {
    inline-size: 100%;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    border: 1px solid var(--kaltura-uploader-border);
    border-radius: calc(var(--kaltura-uploader-radius) / 2);
    background: var(--kaltura-uploader-background);
  }
`;

export function renderFields(item: QueueItem, s: UploaderStrings): TemplateResult {
  const field = (key: keyof MetadataFields, label: string) => {
    const id = `${key}-${item.id}`;
    const onInput = (e: Event) => (item.fields[key] = (e.target as HTMLInputElement).value);
    return html`<label for=${id}>${label}</label>${key === 'description'
        ? html`<textarea id=${id} rows="2" .value=${item.fields[key]} @input=${onInput}></textarea>`
        : html`<input id=${id} .value=${item.fields[key]} @input=${onInput} />`}`;
  };
  return html`<div part="fields" class="fields">
    ${field('name', s.nameLabel)} ${field('description', s.descriptionLabel)} ${field('tags', s.tagsLabel)}
  </div>`;
}
