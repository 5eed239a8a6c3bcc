// The media parts of a row before and during its upload: the poster frame with the duration and
// frame size read in the browser. A chunk of its own, loaded with the probe (media-preview.ts):
// a row has something to show only once its file was probed. file-row.ts places them, and hands
// formatClock (the element has it already: a chunk that imported it would move it to a shared one).
import { html, nothing, type TemplateResult } from 'lit';
import type { formatClock } from '../media/media-format.js';
import type { MediaInfo } from '../media/media-probe.js';
import type { UploaderStrings } from '../i18n/strings.js';

/** What a row shows of its file (media-preview.ts's Preview, said here so neither module imports the other). */
type Preview = MediaInfo & { posterUrl?: string };

/** The poster frame (or image) read in the browser. */
export const renderPoster = (p: Preview | undefined, fileName: string, s: UploaderStrings): TemplateResult | typeof nothing =>
  p?.posterUrl ? html`<img part="poster" class="poster" src=${p.posterUrl} alt=${s.posterAlt(fileName)} />` : nothing;

/** "0:05 · 640×480" beside the file size. */
export function renderMediaInfo(p: Preview | undefined, s: UploaderStrings, clock: typeof formatClock): TemplateResult | typeof nothing {
  const details = p && s.mediaDetails(p.duration === undefined ? '' : clock(p.duration), p.width ? `${p.width}×${p.height}` : '');
  return details ? html`<span part="media-info" class="muted">${details}</span>` : nothing;
}
