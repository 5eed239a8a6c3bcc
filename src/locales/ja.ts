// Japanese (日本語) for <kaltura-uploader>, in the polite style of application UIs. Japanese has
// one plural form, so counts only take their number. Importing this module registers it for `ja`.
import { registerLocale } from '../element/locale-packs.js';
import type { UploaderStrings } from '../element/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('ja');
const inSeconds = seconds('ja');

const ja: UploaderStrings = {
  dropzone: 'ここにファイルをドロップするか、ファイルを選択してください',
  dropzoneHint: (accept, max) => [accept, max && `最大 ${max}`].filter(Boolean).join('、'),
  start: 'アップロード',
  pause: '一時停止',
  resume: '再開',
  cancel: 'キャンセル',
  retry: '再試行',
  remove: '削除',
  actionLabel: (action, name) => `${name} を${action}`,
  fileList: 'ファイル',
  queued: '待機中',
  starting: '開始中',
  uploading: 'アップロード中',
  paused: '一時停止中',
  retrying: (s) => `${inSeconds(s)}後に再試行`,
  finalizing: '最終処理中',
  resumingFrom: (percent) => `${percent} から再開`,
  waitingForNetwork: 'ネットワークを待機中',
  done: '完了',
  failed: '失敗',
  cancelled: 'キャンセル済み',
  rejected: '未アップロード',
  progress: (confirmed, sent, total) => `${total} 中 ${confirmed}（送信済み ${sent}）`,
  progressValue: (confirmed, sent) => `確認済み ${confirmed}、送信済み ${sent}`,
  speed: (v) => v,
  timeLeft: (d) => `残り ${d}`,
  entryId: (id) => `エントリ ${id}`,
  thumbnailAlt: (name) => `${name} のサムネイル`,
  wrongType: (accept) => `この種類のファイルは受け付けられません（使用可能：${accept}）。`,
  tooLarge: (max) => `このファイルは ${max} を超えています。`,
  empty: 'このファイルは空です。',
  errorMessage: errorTexts({
    INVALID_KS: 'セッション (KS) が無効か、有効期限が切れています。',
    NETWORK_ERROR: 'ネットワーク接続に失敗しました。',
    FILE_TOO_LARGE: 'ファイルが大きすぎます。',
    EMPTY_FILE: 'ファイルが空です。',
  }),
  announceStart: (name) => `${name} をアップロード中`,
  announceDone: (name) => `${name} をアップロードしました`,
  announceFailed: (name, message) => `${name} のアップロードに失敗しました：${message}`,
  announceRejected: (name, message) => `${name} はアップロードされませんでした：${message}`,
  announceResuming: (name, percent) => `${name} を ${percent} から再開中`,
  announceWaitingForNetwork: (name) => `${name} はネットワークを待機中です`,
  interruptedList: '中断されたアップロード',
  interruptedProgress: (percent) => `${percent} アップロード済み`,
  chooseAgain: '続行するには、このファイルをもう一度選択してください',
  forget: '破棄',
  nameLabel: '名前',
  descriptionLabel: '説明',
  tagsLabel: 'タグ',
  posterAlt: (name) => `${name} のプレビュー`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: '処理中',
  readyToPlay: '再生できます',
  conversionFailed: '変換に失敗しました',
  play: '再生',
  tooShort: (min) => `このファイルは ${min} より短いです。`,
  tooLong: (max) => `このファイルは ${max} より長いです。`,
  announceReady: (name) => `${name} を再生できます`,
  announceConversionFailed: (name) => `${name} を変換できませんでした`,
  formRequired: '少なくとも 1 つのファイルをアップロードしてください。',
  formBusy: (n) => count(n, { other: '# 件のアップロードが終わるまでお待ちください。' }),
};

registerLocale('ja', ja);

export default ja;
