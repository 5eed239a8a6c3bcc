// Italian (italiano) for <kaltura-uploader>. Importing this module registers it for `it` and its
// regions (`it-CH`, …).
import { registerLocale } from '../element/locale-packs.js';
import type { UploaderStrings } from '../element/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('it');
const inSeconds = seconds('it');

const it: UploaderStrings = {
  dropzone: 'Trascina qui i file o scegli i file',
  dropzoneHint: (accept, max) => [accept, max && `fino a ${max}`].filter(Boolean).join(', '),
  start: 'Carica',
  pause: 'Pausa',
  resume: 'Riprendi',
  cancel: 'Annulla',
  retry: 'Riprova',
  remove: 'Rimuovi',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'File',
  queued: 'In coda',
  starting: 'Avvio',
  uploading: 'Caricamento',
  paused: 'In pausa',
  retrying: (s) => `Nuovo tentativo tra ${inSeconds(s)}`,
  finalizing: 'Finalizzazione',
  resumingFrom: (percent) => `Ripresa dal ${percent}`,
  waitingForNetwork: 'In attesa della rete',
  done: 'Completato',
  failed: 'Non riuscito',
  cancelled: 'Annullato',
  rejected: 'Non caricato',
  progress: (confirmed, sent, total) => `${confirmed} di ${total} (${sent} inviati)`,
  progressValue: (confirmed, sent) => `${confirmed} confermati, ${sent} inviati`,
  speed: (v) => v,
  timeLeft: (d) => `Tempo rimanente: ${d}`,
  entryId: (id) => `Voce ${id}`,
  thumbnailAlt: (name) => `Miniatura di ${name}`,
  wrongType: (accept) => `Questo tipo di file non è accettato (consentiti: ${accept}).`,
  tooLarge: (max) => `Questo file supera ${max}.`,
  empty: 'Questo file è vuoto.',
  errorMessage: errorTexts({
    INVALID_KS: 'La sessione (KS) non è valida o è scaduta.',
    NETWORK_ERROR: 'La connessione di rete non è riuscita.',
    FILE_TOO_LARGE: 'Il file è troppo grande.',
    EMPTY_FILE: 'Il file è vuoto.',
  }),
  announceStart: (name) => `Caricamento di ${name}`,
  announceDone: (name) => `${name} caricato`,
  announceFailed: (name, message) => `Caricamento di ${name} non riuscito: ${message}`,
  announceRejected: (name, message) => `${name} non caricato: ${message}`,
  announceResuming: (name, percent) => `Ripresa di ${name} dal ${percent}`,
  announceWaitingForNetwork: (name) => `${name} è in attesa della rete`,
  interruptedList: 'Caricamenti interrotti',
  interruptedProgress: (percent) => `${percent} caricato`,
  chooseAgain: 'Scegli di nuovo questo file per continuare',
  forget: 'Dimentica',
  nameLabel: 'Nome',
  descriptionLabel: 'Descrizione',
  tagsLabel: 'Tag',
  posterAlt: (name) => `Anteprima di ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Elaborazione in corso',
  readyToPlay: 'Pronto per la riproduzione',
  conversionFailed: 'Conversione non riuscita',
  play: 'Riproduci',
  tooShort: (min) => `Questo file dura meno di ${min}.`,
  tooLong: (max) => `Questo file dura più di ${max}.`,
  announceReady: (name) => `${name} è pronto per la riproduzione`,
  announceConversionFailed: (name) => `Impossibile convertire ${name}`,
  formRequired: 'Carica almeno un file.',
  formBusy: (n) => count(n, { one: 'Attendi il termine del caricamento.', other: 'Attendi il termine di # caricamenti.' }),
};

registerLocale('it', it);

export default it;
