// What the live region says for each of the element's events (announcer.ts listens and holds the
// region): started, finished, failed or rejected, resuming, waiting for the network (once per
// wait), ready to play or not converted. A chunk of its own, loaded with the first event to
// announce: it imports types only, and brings the English wording with it.
import type { KalturaUploaderEventMap, UploaderErrorDetail } from '../events.js';
import type { Rejection } from '../files/file-checks.js';
import type { Localize } from '../i18n/localize.js';
import type { AnnouncementStringKey, UploaderStrings } from '../i18n/strings.js';
import { announcementStrings } from './announcement-strings.js';

const REJECTIONS = new Set<string>(['FILE_TYPE_NOT_ACCEPTED', 'FILE_TOO_LARGE', 'EMPTY_FILE', 'DURATION_TOO_SHORT', 'DURATION_TOO_LONG']);

/** One of the events announced (announcer.ts ANNOUNCED). */
export type AnnouncedEvent = KalturaUploaderEventMap[
  'kaltura-upload-start' | 'kaltura-upload-complete' | 'kaltura-entry-ready' | 'kaltura-entry-failed' | 'kaltura-upload-error' | 'kaltura-upload-statechange'
];

/** Turns one event into its message, or undefined when it says nothing; keeps which files wait for the network. */
export function announcements(words: Localize): (event: AnnouncedEvent) => string | undefined {
  /** Files whose "waiting for network" was announced, until they move on. */
  const waiting = new WeakSet<File>();
  // The page's language and the element's `strings` first; English from this chunk for the rest.
  const s = <K extends AnnouncementStringKey>(key: K): UploaderStrings[K] => words.strings[key] ?? announcementStrings[key];
  return ({ type, detail }) => {
    const { file } = detail;
    if (type === 'kaltura-upload-start') return s('announceStart')(file.name);
    if (type === 'kaltura-upload-complete') return s('announceDone')(file.name);
    if (type === 'kaltura-entry-ready') return s('announceReady')(file.name);
    if (type === 'kaltura-entry-failed') return s('announceConversionFailed')(file.name);
    if (type === 'kaltura-upload-error') {
      const { error } = detail as UploaderErrorDetail;
      return REJECTIONS.has(error.code)
        ? s('announceRejected')(file.name, words.rejection(error.code as Rejection))
        : s('announceFailed')(file.name, words.error(error));
    }
    if (!('state' in detail)) return undefined;
    if (detail.state === 'retrying' && detail.reason === 'offline') {
      const first = !waiting.has(file);
      waiting.add(file);
      return first ? s('announceWaitingForNetwork')(file.name) : undefined;
    }
    if (detail.state !== 'retrying') waiting.delete(file);
    return detail.state === 'uploading' && detail.resumedFrom ? s('announceResuming')(file.name, words.percent(detail.resumedFrom, file.size)) : undefined;
  };
}
