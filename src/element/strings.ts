/**
 * Every piece of text `<kaltura-uploader>` shows or announces. Set `el.strings` to a partial
 * object to replace any of them (translations, product wording); keys you leave out keep the
 * language pack's text (see `registerLocale`), else the English default. Messages with parameters
 * are functions. Numbers, sizes, speeds and times arrive already formatted with `Intl` in the
 * element's `lang`; counts arrive as numbers, for `Intl.PluralRules`.
 *
 * @example
 * el.strings = { dropzone: 'Dateien hierher ziehen', done: 'Fertig', timeLeft: (t) => `noch ${t}` };
 */
export interface UploaderStrings {
  /** Text of the drop zone (replaceable by slotting content into the element). */
  dropzone: string;
  /** Second line of the drop zone; gets the accepted types and the size limit, '' when none. */
  dropzoneHint: (accept: string, maxSize: string) => string;
  /** Button that starts waiting files in `manual` or `metadata` mode. */
  start: string;
  pause: string;
  resume: string;
  cancel: string;
  retry: string;
  /** Removes a finished, failed, cancelled or rejected row from the list. */
  remove: string;
  /** Accessible name of a row button, e.g. "Pause holiday.mp4". */
  actionLabel: (action: string, fileName: string) => string;
  /** Accessible name of the file list. */
  fileList: string;

  // States in words.
  queued: string;
  starting: string;
  uploading: string;
  paused: string;
  retrying: (seconds: number) => string;
  finalizing: string;
  /** Uploading, continuing an interrupted upload; gets the share the server already had, e.g. "42%". */
  resumingFrom: (percent: string) => string;
  /** Retrying, but the browser reports no network: the upload waits for it. */
  waitingForNetwork: string;
  done: string;
  failed: string;
  cancelled: string;
  rejected: string;

  /** Progress line: bytes the server confirmed, bytes sent, the file size. */
  progress: (confirmed: string, sent: string, total: string) => string;
  /** Progress bar value text for assistive technology: percentages. */
  progressValue: (confirmed: string, sent: string) => string;
  speed: (perSecond: string) => string;
  timeLeft: (duration: string) => string;
  /** Shown on a finished row. */
  entryId: (id: string) => string;
  thumbnailAlt: (fileName: string) => string;

  // Rejections, before any request.
  wrongType: (accept: string) => string;
  tooLarge: (maxSize: string) => string;
  empty: string;
  /** Readable text for an upload error; gets the error's code and the server's message. */
  errorMessage: (code: string, message: string) => string;

  // Polite announcements (start, completion, failure, resuming, offline; never every progress tick).
  announceStart: (fileName: string) => string;
  announceDone: (fileName: string) => string;
  announceFailed: (fileName: string, message: string) => string;
  announceRejected: (fileName: string, message: string) => string;
  announceResuming: (fileName: string, percent: string) => string;
  announceWaitingForNetwork: (fileName: string) => string;

  // The list of interrupted uploads (records in the resume store whose file is not in the queue).
  /** Title and accessible name of the list. */
  interruptedList: string;
  /** How far an interrupted upload got, e.g. "42%". */
  interruptedProgress: (percent: string) => string;
  /** What a person does to continue one. */
  chooseAgain: string;
  /** Button that drops an interrupted upload (its record, and its upload token on the server). */
  forget: string;

  // Optional metadata fields (the `metadata` attribute).
  nameLabel: string;
  descriptionLabel: string;
  tagsLabel: string;

  // In a form (the `name` and `required` attributes): why it cannot be submitted yet.
  /** `required` and no upload is complete. */
  formRequired: string;
  /** Files are still uploading, waiting or paused: how many. */
  formBusy: (count: number) => string;
}

const errorTexts: Record<string, string> = {
  INVALID_KS: 'The session (KS) is not valid or has expired.',
  NETWORK_ERROR: 'The network connection failed.',
  FILE_TOO_LARGE: 'The file is too large.',
  EMPTY_FILE: 'The file is empty.',
};

/** The English defaults. */
export const defaultStrings: UploaderStrings = {
  dropzone: 'Drop files here or choose files',
  dropzoneHint: (accept, max) => [accept, max && `up to ${max}`].filter(Boolean).join(', '),
  start: 'Upload',
  pause: 'Pause',
  resume: 'Resume',
  cancel: 'Cancel',
  retry: 'Retry',
  remove: 'Remove',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'Files',
  queued: 'Queued',
  starting: 'Starting',
  uploading: 'Uploading',
  paused: 'Paused',
  retrying: (s) => `Retrying in ${s} s`,
  finalizing: 'Finalizing',
  resumingFrom: (percent) => `Resuming from ${percent}`,
  waitingForNetwork: 'Waiting for network',
  done: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  rejected: 'Not uploaded',
  progress: (confirmed, sent, total) => `${confirmed} of ${total} (${sent} sent)`,
  progressValue: (confirmed, sent) => `${confirmed} confirmed, ${sent} sent`,
  speed: (v) => v,
  timeLeft: (d) => `${d} left`,
  entryId: (id) => `Entry ${id}`,
  thumbnailAlt: (name) => `Thumbnail of ${name}`,
  wrongType: (accept) => `This type of file is not accepted (allowed: ${accept}).`,
  tooLarge: (max) => `This file is larger than ${max}.`,
  empty: 'This file is empty.',
  errorMessage: (code, message) => errorTexts[code] ?? message,
  announceStart: (name) => `Uploading ${name}`,
  announceDone: (name) => `${name} uploaded`,
  announceFailed: (name, message) => `${name} failed: ${message}`,
  announceRejected: (name, message) => `${name} not uploaded: ${message}`,
  announceResuming: (name, percent) => `Resuming ${name} from ${percent}`,
  announceWaitingForNetwork: (name) => `${name} is waiting for the network`,
  interruptedList: 'Interrupted uploads',
  interruptedProgress: (percent) => `${percent} uploaded`,
  chooseAgain: 'Choose this file again to continue',
  forget: 'Forget',
  nameLabel: 'Name',
  descriptionLabel: 'Description',
  tagsLabel: 'Tags',
  formRequired: 'Upload at least one file.',
  formBusy: (n) => `Wait until ${n === 1 ? 'the upload finishes' : `${n} uploads finish`}.`,
};
