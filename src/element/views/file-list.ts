// The list of files, kept light when it is long (a folder of a thousand files): each row is
// rendered again only when something it shows changed: one of its item's own fields is a new
// value (the queue replaces statuses and numbers, it does not mutate them), its preview, where
// its entry's processing stands, the words, the language, the mode, or, while the file moves, the
// second on the clock (speed, time left, the retry countdown). Rows out of view skip layout and paint (`content-visibility: auto` in the
// styles), so the browser's work follows what is on screen.
import { html, type TemplateResult } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import { renderRow, type RowContext } from './file-row.js';
import { isActive, type QueueItem } from '../controllers/upload-queue.js';

export function renderFileList(items: QueueItem[], c: RowContext): TemplateResult {
  const second = Math.floor(Date.now() / 1000);
  const row = (item: QueueItem) => guard(
    [...Object.values(item), isActive(item) && second, c.strings, c.words.lang, c.metadata, c.preview(item), c.processing(item)?.state, c.processing(item)?.entry],
    () => renderRow(item, c),
  );
  return html`<ul part="list" aria-label=${c.strings.fileList}>${repeat(items, (i) => i.id, row)}</ul>`;
}
