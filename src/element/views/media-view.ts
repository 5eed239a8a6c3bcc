// The media parts of a row after its upload: the new entry with its thumbnail and a Play link once
// Kaltura says it is ready (before it, the preview read in the browser: preview-view.ts, loaded
// with the probe). file-row.ts places them.
import { html, nothing, type TemplateResult } from 'lit';
import type { KalturaMediaEntry } from '../../kaltura/types.js';
import type { Processing } from '../controllers/processing-types.js';
import type { UploaderStrings } from '../i18n/strings.js';

/** A finished row's state in words while its entry is followed; undefined when it is not (or that failed). */
export function processingLabel(p: Processing | undefined, s: UploaderStrings): string | undefined {
  return p && { processing: s.processing, ready: s.readyToPlay, failed: p.replaced ? s.replacementFailed : s.conversionFailed, approval: s.waitingForApproval, unknown: undefined }[p.state];
}

/**
 * The entry's thumbnail URL for a row (`thumbnailUrl` + `/width/N`, as Kaltura serves it), once
 * the entry is ready, or at once when it is not followed; undefined otherwise.
 */
export function entryThumbnail(entry: KalturaMediaEntry, p: Processing | undefined): string | undefined {
  const url = (p?.entry ?? entry).thumbnailUrl;
  return typeof url === 'string' && (!p || p.state === 'ready') ? `${url}/width/240` : undefined;
}

/**
 * `url` when it is an absolute `http:` or `https:` URL, else undefined. The server's strings are
 * data: Lit does not check URLs, and a `javascript:` href from a hostile or compromised service
 * would run on a click (`data:`, `vbscript:` and the like are no better).
 */
function webUrl(url: unknown): string | undefined {
  try {
    const href = new URL(url as string).href;
    return /^https?:/.test(href) ? href : undefined;
  } catch {}
}

/** The line under a finished row: the entry's thumbnail, its id, and Play once it is ready. */
export function renderEntry(fileName: string, entryId: string, thumbnail: string | undefined, p: Processing | undefined, s: UploaderStrings): TemplateResult {
  const play = p?.state === 'ready' && p.entry.dataUrl;
  const [src, href] = [thumbnail, play].map(webUrl);
  return html`<p part="entry" class="entry">
    ${src
      ? html`<img part="thumbnail" class="thumbnail" alt=${s.thumbnailAlt(fileName)} src=${src} @error=${(e: Event) => (e.target as HTMLElement).remove()} />`
      : nothing}
    <span>${s.entryId(entryId)}</span>
    ${href
      ? html`<a part="play-link" href=${href} target="_blank" rel="noopener" aria-label=${s.actionLabel(s.play, fileName)}>${s.play}</a>`
      : nothing}
    ${(thumbnail && !src) || (typeof play === 'string' && !href) ? html`<span part="unsafe-link" class="muted">${s.unsafeLink}</span>` : nothing}
  </p>`;
}
