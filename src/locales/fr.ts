// French (français) for <kaltura-uploader>. Importing this module registers it for `fr` and its
// regions (`fr-CA`, `fr-BE`, …). Typography: a no-break space before « : ».
import { registerLocale } from '../element/locale-packs.js';
import type { UploaderStrings } from '../element/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('fr');
const inSeconds = seconds('fr');

const fr: UploaderStrings = {
  dropzone: 'Déposez des fichiers ici ou choisissez-en',
  dropzoneHint: (accept, max) => [accept, max && `jusqu’à ${max}`].filter(Boolean).join(', '),
  start: 'Envoyer',
  pause: 'Pause',
  resume: 'Reprendre',
  cancel: 'Annuler',
  retry: 'Réessayer',
  remove: 'Retirer',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'Fichiers',
  queued: 'En attente',
  starting: 'Démarrage',
  uploading: 'Envoi en cours',
  paused: 'En pause',
  retrying: (s) => `Nouvel essai dans ${inSeconds(s)}`,
  finalizing: 'Finalisation',
  resumingFrom: (percent) => `Reprise à ${percent}`,
  waitingForNetwork: 'En attente du réseau',
  done: 'Terminé',
  failed: 'Échec',
  cancelled: 'Annulé',
  rejected: 'Non envoyé',
  progress: (confirmed, sent, total) => `${confirmed} sur ${total} (${sent} envoyés)`,
  progressValue: (confirmed, sent) => `${confirmed} confirmés, ${sent} envoyés`,
  speed: (v) => v,
  timeLeft: (d) => `Temps restant\u00a0: ${d}`,
  entryId: (id) => `Entrée ${id}`,
  thumbnailAlt: (name) => `Miniature de ${name}`,
  wrongType: (accept) => `Ce type de fichier n’est pas accepté (autorisés\u00a0: ${accept}).`,
  tooLarge: (max) => `Ce fichier dépasse ${max}.`,
  empty: 'Ce fichier est vide.',
  errorMessage: errorTexts({
    INVALID_KS: 'La session (KS) n’est pas valide ou a expiré.',
    NETWORK_ERROR: 'La connexion réseau a échoué.',
    FILE_TOO_LARGE: 'Le fichier est trop volumineux.',
    EMPTY_FILE: 'Le fichier est vide.',
  }),
  announceStart: (name) => `Envoi de ${name}`,
  announceDone: (name) => `${name} envoyé`,
  announceFailed: (name, message) => `Échec de l’envoi de ${name}\u00a0: ${message}`,
  announceRejected: (name, message) => `${name} non envoyé\u00a0: ${message}`,
  announceResuming: (name, percent) => `Reprise de ${name} à ${percent}`,
  announceWaitingForNetwork: (name) => `${name} attend le réseau`,
  interruptedList: 'Envois interrompus',
  interruptedProgress: (percent) => `${percent} envoyés`,
  chooseAgain: 'Choisissez à nouveau ce fichier pour continuer',
  forget: 'Oublier',
  nameLabel: 'Nom',
  descriptionLabel: 'Description',
  tagsLabel: 'Mots-clés',
  posterAlt: (name) => `Aperçu de ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Traitement en cours',
  readyToPlay: 'Prêt à être lu',
  conversionFailed: 'Échec de la conversion',
  play: 'Lire',
  tooShort: (min) => `Ce fichier dure moins de ${min}.`,
  tooLong: (max) => `Ce fichier dure plus de ${max}.`,
  announceReady: (name) => `${name} est prêt à être lu`,
  announceConversionFailed: (name) => `${name} n’a pas pu être converti`,
  formRequired: 'Envoyez au moins un fichier.',
  formBusy: (n) => count(n, { one: 'Attendez la fin de l’envoi.', other: 'Attendez la fin des # envois.' }),
};

registerLocale('fr', fr);

export default fr;
