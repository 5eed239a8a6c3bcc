// Spanish (español) for <kaltura-uploader>. Importing this module registers it for `es` and its
// regions (`es-MX`, `es-419`, …).
import { registerLocale } from '../element/locale-packs.js';
import type { UploaderStrings } from '../element/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('es');
const inSeconds = seconds('es');

const es: UploaderStrings = {
  dropzone: 'Suelta archivos aquí o elige archivos',
  dropzoneHint: (accept, max) => [accept, max && `hasta ${max}`].filter(Boolean).join(', '),
  start: 'Subir',
  pause: 'Pausar',
  resume: 'Reanudar',
  cancel: 'Cancelar',
  retry: 'Reintentar',
  remove: 'Quitar',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'Archivos',
  queued: 'En cola',
  starting: 'Iniciando',
  uploading: 'Subiendo',
  paused: 'En pausa',
  retrying: (s) => `Reintentando en ${inSeconds(s)}`,
  finalizing: 'Finalizando',
  resumingFrom: (percent) => `Reanudando desde ${percent}`,
  waitingForNetwork: 'Esperando la red',
  done: 'Listo',
  failed: 'Error',
  cancelled: 'Cancelado',
  rejected: 'No subido',
  progress: (confirmed, sent, total) => `${confirmed} de ${total} (${sent} enviados)`,
  progressValue: (confirmed, sent) => `${confirmed} confirmado, ${sent} enviado`,
  speed: (v) => v,
  timeLeft: (d) => `Tiempo restante: ${d}`,
  entryId: (id) => `Entrada ${id}`,
  thumbnailAlt: (name) => `Miniatura de ${name}`,
  wrongType: (accept) => `No se acepta este tipo de archivo (permitidos: ${accept}).`,
  tooLarge: (max) => `Este archivo supera ${max}.`,
  empty: 'Este archivo está vacío.',
  errorMessage: errorTexts({
    INVALID_KS: 'La sesión (KS) no es válida o ha caducado.',
    NETWORK_ERROR: 'Falló la conexión de red.',
    FILE_TOO_LARGE: 'El archivo es demasiado grande.',
    EMPTY_FILE: 'El archivo está vacío.',
  }),
  announceStart: (name) => `Subiendo ${name}`,
  announceDone: (name) => `${name} subido`,
  announceFailed: (name, message) => `Error al subir ${name}: ${message}`,
  announceRejected: (name, message) => `${name} no se subió: ${message}`,
  announceResuming: (name, percent) => `Reanudando ${name} desde ${percent}`,
  announceWaitingForNetwork: (name) => `${name} está esperando la red`,
  interruptedList: 'Subidas interrumpidas',
  interruptedProgress: (percent) => `${percent} subido`,
  chooseAgain: 'Vuelve a elegir este archivo para continuar',
  forget: 'Olvidar',
  nameLabel: 'Nombre',
  descriptionLabel: 'Descripción',
  tagsLabel: 'Etiquetas',
  posterAlt: (name) => `Vista previa de ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Procesando',
  readyToPlay: 'Listo para reproducir',
  conversionFailed: 'Error de conversión',
  play: 'Reproducir',
  tooShort: (min) => `Este archivo dura menos de ${min}.`,
  tooLong: (max) => `Este archivo dura más de ${max}.`,
  announceReady: (name) => `${name} está listo para reproducirse`,
  announceConversionFailed: (name) => `No se pudo convertir ${name}`,
  formRequired: 'Sube al menos un archivo.',
  formBusy: (n) => count(n, { one: 'Espera a que termine la subida.', other: 'Espera a que terminen # subidas.' }),
};

registerLocale('es', es);

export default es;
