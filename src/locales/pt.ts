// Portuguese (português) for <kaltura-uploader>, in Brazilian usage ("arquivo", "enviar"), which
// Portuguese readers elsewhere also read without trouble. Importing this module registers it for
// `pt` and its regions (`pt-BR`, `pt-PT`, …).
import { registerLocale } from '../element/i18n/locale-packs.js';
import type { UploaderStrings } from '../element/i18n/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('pt');
const inSeconds = seconds('pt');

const pt: UploaderStrings = {
  dropzone: 'Solte arquivos aqui ou escolha arquivos',
  dropzoneHint: (accept, max) => [accept, max && `até ${max}`].filter(Boolean).join(', '),
  start: 'Enviar',
  pause: 'Pausar',
  resume: 'Retomar',
  cancel: 'Cancelar',
  retry: 'Tentar de novo',
  remove: 'Remover',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'Arquivos',
  queued: 'Na fila',
  starting: 'Iniciando',
  uploading: 'Enviando',
  paused: 'Pausado',
  retrying: (s) => `Nova tentativa em ${inSeconds(s)}`,
  finalizing: 'Finalizando',
  resumingFrom: (percent) => `Retomando de ${percent}`,
  waitingForNetwork: 'Aguardando a rede',
  done: 'Concluído',
  failed: 'Falhou',
  cancelled: 'Cancelado',
  rejected: 'Não enviado',
  progress: (confirmed, sent, total) => `${confirmed} de ${total} (${sent} enviados)`,
  progressValue: (confirmed, sent) => `${confirmed} confirmados, ${sent} enviados`,
  speed: (v) => v,
  timeLeft: (d) => `Tempo restante: ${d}`,
  entryId: (id) => `Entrada ${id}`,
  thumbnailAlt: (name) => `Miniatura de ${name}`,
  wrongType: (accept) => `Este tipo de arquivo não é aceito (permitidos: ${accept}).`,
  tooLarge: (max) => `Este arquivo é maior que ${max}.`,
  empty: 'Este arquivo está vazio.',
  errorMessage: errorTexts({
    INVALID_KS: 'A sessão (KS) não é válida ou expirou.',
    NETWORK_ERROR: 'A conexão de rede falhou.',
    FILE_TOO_LARGE: 'O arquivo é grande demais.',
    EMPTY_FILE: 'O arquivo está vazio.',
  }),
  announceStart: (name) => `Enviando ${name}`,
  announceDone: (name) => `${name} enviado`,
  announceFailed: (name, message) => `Falha ao enviar ${name}: ${message}`,
  announceRejected: (name, message) => `${name} não enviado: ${message}`,
  announceResuming: (name, percent) => `Retomando ${name} de ${percent}`,
  announceWaitingForNetwork: (name) => `${name} está aguardando a rede`,
  interruptedList: 'Envios interrompidos',
  interruptedProgress: (percent) => `${percent} enviado`,
  chooseAgain: 'Escolha este arquivo novamente para continuar',
  forget: 'Esquecer',
  nameLabel: 'Nome',
  descriptionLabel: 'Descrição',
  tagsLabel: 'Tags',
  posterAlt: (name) => `Pré-visualização de ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'Processando',
  readyToPlay: 'Pronto para reproduzir',
  conversionFailed: 'Falha na conversão',
  play: 'Reproduzir',
  tooShort: (min) => `Este arquivo é mais curto que ${min}.`,
  tooLong: (max) => `Este arquivo é mais longo que ${max}.`,
  announceReady: (name) => `${name} está pronto para reproduzir`,
  announceConversionFailed: (name) => `Não foi possível converter ${name}`,
  formRequired: 'Envie pelo menos um arquivo.',
  formBusy: (n) => count(n, { one: 'Aguarde o envio terminar.', other: 'Aguarde # envios terminarem.' }),
  recordCamera: 'Gravar câmera',
  recordScreen: 'Gravar tela',
  stopRecording: 'Parar',
  recordingPreview: 'Prévia ao vivo',
  recordingTime: (time) => `Gravando ${time}`,
  recordingName: (dateTime) => `Gravação ${dateTime}`,
  recordingNotAllowed: 'Não foi possível começar a gravar: o acesso à câmera, ao microfone ou à tela foi negado.',
  recordingNoDevice: 'Não foi possível começar a gravar: nenhuma câmera foi encontrada, ou outro programa a está usando.',
  recordingNotSupported: 'Este navegador não consegue gravar aqui.',
  recordingDeviceLost: 'A câmera ou o microfone foi desconectado. O que foi gravado está sendo enviado.',
  continueUpload: 'Continuar',
};

registerLocale('pt', pt);

export default pt;
