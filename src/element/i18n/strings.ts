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

  // A media file before and while it uploads, read in the browser.
  /** Alternative text of the poster frame (or image) shown on a row. */
  posterAlt: (fileName: string) => string;
  /** A media file's duration ("1:23", '' when unknown) and frame size ("1920×1080", '' for audio). */
  mediaDetails: (duration: string, resolution: string) => string;

  // After the upload: following the new entry until it can be played (`no-track-processing` turns it off).
  /** The state of a finished row while Kaltura converts the file. */
  processing: string;
  /** The state once the entry is playable (status 2 READY). */
  readyToPlay: string;
  /** The state when the conversion or import failed (status -1 or -2). */
  conversionFailed: string;
  /** The link to the playable file of a ready entry (its accessible name is `actionLabel(play, fileName)`). */
  play: string;
  /** In place of a thumbnail or Play link whose URL from the server is not http(s), which is not shown. */
  unsafeLink: string;

  // Rejections, before any request.
  wrongType: (accept: string) => string;
  tooLarge: (maxSize: string) => string;
  empty: string;
  /** Shorter than `min-duration`; gets the limit, e.g. "0:10". */
  tooShort: (minDuration: string) => string;
  /** Longer than `max-duration`; gets the limit, e.g. "10:00". */
  tooLong: (maxDuration: string) => string;
  /** Readable text for an upload error; gets the error's code and the server's message. */
  errorMessage: (code: string, message: string) => string;

  // Polite announcements (start, completion, failure, resuming, offline; never every progress tick).
  announceStart: (fileName: string) => string;
  announceDone: (fileName: string) => string;
  announceFailed: (fileName: string, message: string) => string;
  announceRejected: (fileName: string, message: string) => string;
  announceResuming: (fileName: string, percent: string) => string;
  announceWaitingForNetwork: (fileName: string) => string;
  announceReady: (fileName: string) => string;
  announceConversionFailed: (fileName: string) => string;

  // The list of interrupted uploads (records in the resume store whose file is not in the queue).
  /** Title and accessible name of the list. */
  interruptedList: string;
  /** How far an interrupted upload got, e.g. "42%". */
  interruptedProgress: (percent: string) => string;
  /** What a person does to continue one. */
  chooseAgain: string;
  /** Button that drops an interrupted upload (its record, and its upload token on the server). */
  forget: string;
  /** Button of an interrupted recording (no file to choose again): finishes its upload from browser storage. */
  continueUpload: string;

  // Optional metadata fields (the `metadata` attribute).
  nameLabel: string;
  descriptionLabel: string;
  tagsLabel: string;

  // In a form (the `name` and `required` attributes): why it cannot be submitted yet.
  /** `required` and no upload is complete. */
  formRequired: string;
  /** Files are still uploading, waiting or paused: how many. */
  formBusy: (count: number) => string;

  // Recording (the `record` attribute). Their English defaults are in recorder/recorder-strings.ts,
  // which loads with the recorder (a module of its own: bundlers split code by module).
  /** Button that records the camera (with the microphone, when allowed). */
  recordCamera: string;
  /** Button that records a screen, window or tab (with the microphone, when allowed). */
  recordScreen: string;
  /** Button that ends the recording (what was recorded finishes uploading). */
  stopRecording: string;
  /** Accessible name of the live preview while recording. */
  recordingPreview: string;
  /** The time recorded so far, e.g. "0:05"; shown beside the preview and its Stop button. */
  recordingTime: (time: string) => string;
  /** The name of a new recording (its file and, by default, its entry); gets the date and time, e.g. "2026-12-01 14:03". */
  recordingName: (dateTime: string) => string;
  /** The recording could not start: the person (or the page's permissions policy) refused the camera, microphone or screen. */
  recordingNotAllowed: string;
  /** The recording could not start: no camera (or it is in use by another program). */
  recordingNoDevice: string;
  /** The browser cannot record here (no MediaRecorder, or the page is not a secure context). */
  recordingNotSupported: string;
  /** The camera or microphone went away mid-recording; what was recorded still uploads. */
  recordingDeviceLost: string;

  // Replacing an entry's media (`replace-entry-id`) and importing links (`import-url`). Their English
  // defaults are in workflows/workflow-strings.ts, which loads with the first use of either.
  /** The state of a row whose file replaces an entry's media, while it uploads and the replacement runs. */
  replacing: string;
  /** A replacement whose new media is ready and waits for someone allowed to approve it (READY_BUT_NOT_APPROVED). */
  waitingForApproval: string;
  /** A replacement whose new media could not be converted; the entry keeps its old media. */
  replacementFailed: string;
  /** Label of the link field (`import-url`). */
  pasteLink: string;
  /** The button that imports the link in the field. */
  importLink: string;
  /** A link that cannot be imported (not http or https): nothing was sent. */
  invalidLink: string;

  // Captions, categories, custom metadata (the `captions`, `category-ids` and `metadata-profile-id`
  // attributes). Their English defaults are in enrichment/enrichment-strings.ts, which loads with them.
  /** Button of a video row that adds caption files (.srt, .vtt, .dfxp). */
  addCaptions: string;
  /** Label of a caption's language choice; gets the caption's file name. */
  captionLanguage: (fileName: string) => string;
  /** Accessible name of the button that removes a caption from a row; gets its file name. */
  removeCaption: (fileName: string) => string;
  /** A caption was refused because the session's role may not change captions (SERVICE_FORBIDDEN). */
  captionsNotAllowed: string;
  /** A caption was added to the entry; gets its file name. */
  captionAdded: (fileName: string) => string;
  /** A caption failed for another reason; gets its file name and the reason. */
  captionFailed: (fileName: string, reason: string) => string;
  /** Title of the category choices. */
  categoriesLabel: string;
  /** A category the entry waits in for a moderator (PENDING); gets its name. */
  categoryPending: (name: string) => string;
  /** A category that refused the entry; gets its name and the reason. */
  categoryFailed: (name: string, reason: string) => string;
  /** Label of the conversion profile choice. */
  conversionProfileLabel: string;
  /** The conversion choice that leaves it to the partner's default. */
  conversionProfileDefault: string;
  /** A custom-metadata field must be filled in. */
  fieldRequired: string;
  /** A list field's value is not one of its choices. */
  fieldNotInList: string;
  /** A date field's value is not a date. */
  fieldNotADate: string;
  /** A number field's value is not a number. */
  fieldNotANumber: string;
  /** Hint under a multi-value text field: one value per line. */
  fieldOnePerLine: string;
  /** Shown on a row whose custom fields are not valid yet (the file waits). */
  fieldsIncomplete: string;
  /** The custom metadata was refused; gets Kaltura's reason (for INVALID_METADATA_DATA, its validator's text). */
  metadataFailed: (reason: string) => string;
  /** The profile's fields could not be read; gets the reason. */
  metadataProfileFailed: (reason: string) => string;
  /** Entry fields Kaltura did not keep (the session may not set them); gets their names. */
  fieldsDropped: (fields: string) => string;
}

/** The strings of replacing and importing: their English defaults load with that feature's chunk. */
export type WorkflowStringKey = 'replacing' | 'waitingForApproval' | 'replacementFailed' | 'pasteLink' | 'importLink' | 'invalidLink';

/** The enrichment strings: their English defaults load with captions, categories and custom metadata. */
export type EnrichmentStringKey =
  | 'addCaptions' | 'captionLanguage' | 'removeCaption' | 'captionsNotAllowed' | 'captionAdded' | 'captionFailed' | 'categoriesLabel'
  | 'categoryPending' | 'categoryFailed' | 'conversionProfileLabel' | 'conversionProfileDefault' | 'fieldRequired' | 'fieldNotInList'
  | 'fieldNotADate' | 'fieldNotANumber' | 'fieldOnePerLine' | 'fieldsIncomplete' | 'metadataFailed' | 'metadataProfileFailed' | 'fieldsDropped'
  | 'nameLabel' | 'descriptionLabel' | 'tagsLabel';

/** The list of interrupted uploads' strings: their English defaults load with that list's view. */
export type InterruptedStringKey = 'interruptedList' | 'interruptedProgress' | 'chooseAgain' | 'forget' | 'continueUpload';

/** The polite announcements' strings: their English defaults load with the first announcement. */
export type AnnouncementStringKey =
  | 'announceStart' | 'announceDone' | 'announceFailed' | 'announceRejected' | 'announceResuming' | 'announceWaitingForNetwork' | 'announceReady'
  | 'announceConversionFailed';

/** The recorder's strings: their English defaults load with the recorder, not with the element. */
export type RecorderStringKey = Exclude<keyof UploaderStrings, keyof typeof defaultStrings | WorkflowStringKey | EnrichmentStringKey | InterruptedStringKey | AnnouncementStringKey>;

const errorTexts: Record<string, string> = {
  INVALID_KS: 'The session (KS) is not valid or has expired.',
  NETWORK_ERROR: 'The network connection failed.',
  FILE_TOO_LARGE: 'The file is too large.',
  EMPTY_FILE: 'The file is empty.',
};

/** The English defaults (the recorder's are in recorder/recorder-strings.ts). */
export const defaultStrings = {
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
  posterAlt: (name) => `Preview of ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Processing',
  readyToPlay: 'Ready to play',
  conversionFailed: 'Conversion failed',
  play: 'Play',
  unsafeLink: 'Link hidden: not an http(s) address.',
  wrongType: (accept) => `This type of file is not accepted (allowed: ${accept}).`,
  tooLarge: (max) => `This file is larger than ${max}.`,
  empty: 'This file is empty.',
  tooShort: (min) => `This file is shorter than ${min}.`,
  tooLong: (max) => `This file is longer than ${max}.`,
  errorMessage: (code, message) => errorTexts[code] ?? message,
  formRequired: 'Upload at least one file.',
  formBusy: (n) => `Wait until ${n === 1 ? 'the upload finishes' : `${n} uploads finish`}.`,
} satisfies Partial<UploaderStrings>;
