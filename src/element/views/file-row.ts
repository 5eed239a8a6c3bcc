// One file's row: name, size, state in words, progress bar, details, message and buttons, all
// decided by one switch over the row's status; its media parts (preview, entry) in media-view.ts.
// The bar's fill goes through the `style` property (CSSOM), never a `style` attribute: a page whose
// CSP has no 'unsafe-inline' in style-src blocks the attribute but not the property.
import { html, nothing, type TemplateResult } from 'lit';
import type { Rejection } from '../files/file-checks.js';
import { formatBytes, formatDuration, formatPercent } from '../i18n/format.js';
import { formatClock } from '../media/media-format.js';
import type { Localize } from '../i18n/localize.js';
import type { Preview } from '../media/media-preview.js';
import { entryThumbnail, processingLabel, renderEntry } from './media-view.js';
import type { Processing } from '../controllers/processing-types.js';
import type { UploaderStrings } from '../i18n/strings.js';
import { isFinished, type QueueItem, type UploadQueue } from '../controllers/upload-queue.js';

/** What a row needs from the element that shows it. */
export interface RowContext {
  words: Localize;
  /** The merged strings, read once per render. */
  strings: UploaderStrings;
  queue: UploadQueue;
  /** `metadata` mode: waiting files show entry fields. */
  metadata: boolean;
  /** What the browser read of the file (poster, duration, size), once probed. */
  preview(item: QueueItem): Preview | undefined;
  /** How a row shows its preview: loaded with the first probe (before it, no row has one). */
  media?: typeof import('./preview-view.js');
  /** Where a finished row's entry stands, while and after it is followed. */
  processing(item: QueueItem): Processing | undefined;
  remove(item: QueueItem): void;
  /** Captions, categories, custom fields, and in `metadata` mode the entry fields (their chunk, once loaded). */
  extra?: { row(item: QueueItem): unknown; fields(item: QueueItem): unknown };
}

type Action = [part: string, label: string, run: () => void];

/** The state in words, the buttons, and a message, for the row's status. */
function view(item: QueueItem, c: RowContext): { label: string; actions: Action[]; message?: string } {
  const s = c.strings;
  const q = c.queue;
  const pause: Action = ['pause', s.pause, () => q.pause(item)];
  const resume: Action = ['resume', s.resume, () => q.resume(item)];
  const cancel: Action = ['cancel', s.cancel, () => q.cancel(item)];
  const retry: Action = ['retry', s.retry, () => q.retry(item)];
  const remove: Action = ['remove', s.remove, () => c.remove(item)];
  const status = item.status;
  switch (status.state) {
    case 'queued':
      return { label: s.queued, actions: [cancel] };
    case 'idle':
      return { label: s.starting, actions: [pause, cancel] };
    case 'uploading':
      return {
        label: status.resumedFrom ? s.resumingFrom(c.words.percent(status.resumedFrom, item.bytesTotal || item.file.size)) : item.replaces ? s.replacing : s.uploading,
        actions: [pause, cancel],
      };
    case 'retrying':
      return {
        label: status.reason === 'offline' ? s.waitingForNetwork : s.retrying(Math.max(0, Math.ceil(((item.retryAt ?? 0) - Date.now()) / 1000))),
        actions: [pause, cancel],
      };
    case 'paused':
      return { label: s.paused, actions: [resume, cancel] };
    case 'finalizing':
      return { label: item.replaces ? s.replacing : s.finalizing, actions: [cancel] };
    case 'complete':
      return { label: processingLabel(c.processing(item), s) ?? s.done, actions: [remove] };
    case 'error':
      return { label: s.failed, actions: [retry, remove], message: c.words.error(status.error) };
    case 'cancelled':
      return { label: s.cancelled, actions: [retry, remove] };
    case 'rejected':
      return { label: s.rejected, actions: [remove], message: c.words.rejection(status.error.code as Rejection) };
  }
}

/** The bar's shares of the file: sent and confirmed, 0 to 1. */
function shares(item: QueueItem): { sent: number; confirmed: number } {
  const total = item.bytesTotal || item.file.size;
  return { sent: total ? Math.min(1, item.bytesSent / total) : 0, confirmed: total ? Math.min(1, item.bytesConfirmed / total) : 0 };
}

/**
 * What the bar tells assistive technology, which may announce every change of the value: while
 * uploading at most about once a second (the row renders more often), a new state at once. Kept
 * on the item by the element before each render (willUpdate), so render() stays pure; it stays
 * the same object until it changes, since the list's guard reads it.
 */
export function tellProgress(item: QueueItem, words: Localize, now = Date.now()): void {
  const told = item.told;
  const next = progressTold(item, words, words.strings, now);
  if (!told || told.state !== next.state || (told.text !== next.text && (next.state !== 'uploading' || now - told.at >= 950))) item.told = next;
}

function progressTold(item: QueueItem, words: Localize, s: UploaderStrings, now = Date.now()): NonNullable<QueueItem['told']> {
  const { sent, confirmed } = shares(item);
  return { at: now, state: item.status.state, value: Math.floor(confirmed * 100), text: s.progressValue(formatPercent(confirmed, words.lang), formatPercent(sent, words.lang)) };
}

export function renderRow(item: QueueItem, c: RowContext): TemplateResult {
  const s = c.strings;
  const { lang } = c.words;
  const { file, status } = item;
  const { label, actions, message } = view(item, c);
  const total = item.bytesTotal || file.size;
  const { sent, confirmed } = shares(item);
  const moving = status.state === 'uploading' && item.speed > 0;
  const rejected = status.state === 'rejected';
  const preview = c.preview(item);
  const processing = c.processing(item);
  const result = status.state === 'complete' ? status.result : undefined;
  const thumbnail = result && entryThumbnail(result.entry, processing);
  const told = item.told ?? progressTold(item, c.words, s);
  const details = [
    (item.bytesSent > 0 || item.upload) &&
      s.progress(formatBytes(item.bytesConfirmed, lang), formatBytes(item.bytesSent, lang), formatBytes(total, lang)),
    moving && s.speed(formatBytes(item.speed, lang, true)),
    moving && s.timeLeft(formatDuration((total - item.bytesSent) / item.speed, lang)),
  ].filter(Boolean);
  return html`
    <li part="file file-${status.state}${processing ? ` entry-${processing.state}` : ''}" data-state=${status.state} data-processing=${processing?.state ?? nothing}>
      <div class="head">
        ${thumbnail ? nothing : c.media?.renderPoster(preview, file.name, s)}
        <bdi part="name" class="name" id="name-${item.id}">${file.name}</bdi>
        <span part="size" class="muted">${formatBytes(total, lang)}</span>
        ${c.media?.renderMediaInfo(preview, s, formatClock)}
        <span part="state" class="state">${label}</span>
      </div>
      ${rejected
        ? nothing
        : html`<div
            part="progress-bar"
            class="bar"
            role="progressbar"
            aria-labelledby="name-${item.id}"
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${told.value}
            aria-valuetext=${told.text}
            .style=${`--sent:${sent};--confirmed:${confirmed}`}
          >
            <div part="progress-sent" class="sent"></div>
            <div part="progress-confirmed" class="confirmed"></div>
          </div>`}
      ${message ? html`<p part="message" class="message">${message}</p>` : nothing}
      ${result ? renderEntry(file.name, result.entryId, thumbnail, processing, s) : nothing}
      ${c.metadata && (item.source ? !isFinished(item) && status.state != 'finalizing' : status.state == 'queued' && !item.upload) ? c.extra?.fields(item) : nothing}
      ${c.extra?.row(item)}
      <div class="foot">
        ${rejected ? nothing : html`<span part="details" class="muted">${details.join(' · ')}</span>`}
        <span part="actions" class="actions">${actions.map(([name, text, run]) => html`
          <button part="button ${name}-button" class="button" type="button" aria-label=${s.actionLabel(text, file.name)} @click=${run}>${text}</button>`)}
        </span>
      </div>
    </li>
  `;
}
