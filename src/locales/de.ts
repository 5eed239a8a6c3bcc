// German (Deutsch) for <kaltura-uploader>, in the formal address (Sie). Importing this module
// registers it for `de` and its regions (`de-AT`, `de-CH`, …).
import { registerLocale } from '../element/locale-packs.js';
import type { UploaderStrings } from '../element/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('de');
const inSeconds = seconds('de');

const de: UploaderStrings = {
  dropzone: 'Dateien hier ablegen oder auswählen',
  dropzoneHint: (accept, max) => [accept, max && `bis ${max}`].filter(Boolean).join(', '),
  start: 'Hochladen',
  pause: 'Pausieren',
  resume: 'Fortsetzen',
  cancel: 'Abbrechen',
  retry: 'Wiederholen',
  remove: 'Entfernen',
  actionLabel: (action, name) => `${action}: ${name}`,
  fileList: 'Dateien',
  queued: 'In der Warteschlange',
  starting: 'Wird gestartet',
  uploading: 'Wird hochgeladen',
  paused: 'Pausiert',
  retrying: (s) => `Neuer Versuch in ${inSeconds(s)}`,
  finalizing: 'Wird abgeschlossen',
  resumingFrom: (percent) => `Fortsetzung bei ${percent}`,
  waitingForNetwork: 'Warten auf Netzwerk',
  done: 'Fertig',
  failed: 'Fehlgeschlagen',
  cancelled: 'Abgebrochen',
  rejected: 'Nicht hochgeladen',
  progress: (confirmed, sent, total) => `${confirmed} von ${total} (${sent} gesendet)`,
  progressValue: (confirmed, sent) => `${confirmed} bestätigt, ${sent} gesendet`,
  speed: (v) => v,
  timeLeft: (d) => `Noch ${d}`,
  entryId: (id) => `Eintrag ${id}`,
  thumbnailAlt: (name) => `Vorschaubild von ${name}`,
  wrongType: (accept) => `Dieser Dateityp wird nicht angenommen (erlaubt: ${accept}).`,
  tooLarge: (max) => `Diese Datei ist größer als ${max}.`,
  empty: 'Diese Datei ist leer.',
  errorMessage: errorTexts({
    INVALID_KS: 'Die Sitzung (KS) ist ungültig oder abgelaufen.',
    NETWORK_ERROR: 'Die Netzwerkverbindung ist fehlgeschlagen.',
    FILE_TOO_LARGE: 'Die Datei ist zu groß.',
    EMPTY_FILE: 'Die Datei ist leer.',
  }),
  announceStart: (name) => `${name} wird hochgeladen`,
  announceDone: (name) => `${name} hochgeladen`,
  announceFailed: (name, message) => `${name} fehlgeschlagen: ${message}`,
  announceRejected: (name, message) => `${name} nicht hochgeladen: ${message}`,
  announceResuming: (name, percent) => `${name} wird bei ${percent} fortgesetzt`,
  announceWaitingForNetwork: (name) => `${name} wartet auf das Netzwerk`,
  interruptedList: 'Unterbrochene Uploads',
  interruptedProgress: (percent) => `${percent} hochgeladen`,
  chooseAgain: 'Wählen Sie diese Datei erneut aus, um fortzufahren',
  forget: 'Vergessen',
  nameLabel: 'Name',
  descriptionLabel: 'Beschreibung',
  tagsLabel: 'Schlagwörter',
  posterAlt: (name) => `Vorschau von ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Wird verarbeitet',
  readyToPlay: 'Bereit zur Wiedergabe',
  conversionFailed: 'Konvertierung fehlgeschlagen',
  play: 'Abspielen',
  tooShort: (min) => `Diese Datei ist kürzer als ${min}.`,
  tooLong: (max) => `Diese Datei ist länger als ${max}.`,
  announceReady: (name) => `${name} ist bereit zur Wiedergabe`,
  announceConversionFailed: (name) => `${name} konnte nicht konvertiert werden`,
  formRequired: 'Laden Sie mindestens eine Datei hoch.',
  formBusy: (n) => count(n, { one: 'Warten Sie, bis der Upload abgeschlossen ist.', other: 'Warten Sie, bis # Uploads abgeschlossen sind.' }),
};

registerLocale('de', de);

export default de;
