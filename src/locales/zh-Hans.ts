// Chinese in Simplified characters (简体中文) for <kaltura-uploader>. Registered as `zh-Hans`, the
// script rather than a country: `zh`, `zh-CN`, `zh-SG` and `zh-Hans-*` all find it, while
// `zh-TW` and `zh-HK` (Traditional characters) do not fall back to it. Importing this module
// registers it.
import { registerLocale } from '../element/i18n/locale-packs.js';
import type { UploaderStrings } from '../element/i18n/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('zh-Hans');
const inSeconds = seconds('zh-Hans');

const zhHans: UploaderStrings = {
  dropzone: '将文件拖放到此处或选择文件',
  dropzoneHint: (accept, max) => [accept, max && `最大 ${max}`].filter(Boolean).join('，'),
  start: '上传',
  pause: '暂停',
  resume: '继续',
  cancel: '取消',
  retry: '重试',
  remove: '移除',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: '文件',
  queued: '排队中',
  starting: '正在开始',
  uploading: '正在上传',
  paused: '已暂停',
  retrying: (s) => `${inSeconds(s)}后重试`,
  finalizing: '正在完成',
  resumingFrom: (percent) => `从 ${percent} 继续`,
  waitingForNetwork: '正在等待网络',
  done: '完成',
  failed: '失败',
  cancelled: '已取消',
  rejected: '未上传',
  progress: (confirmed, sent, total) => `${confirmed} / ${total}（已发送 ${sent}）`,
  progressValue: (confirmed, sent) => `已确认 ${confirmed}，已发送 ${sent}`,
  speed: (v) => v,
  timeLeft: (d) => `剩余 ${d}`,
  entryId: (id) => `条目 ${id}`,
  thumbnailAlt: (name) => `${name} 的缩略图`,
  wrongType: (accept) => `不接受此类型的文件（允许：${accept}）。`,
  tooLarge: (max) => `此文件大于 ${max}。`,
  empty: '此文件为空。',
  errorMessage: errorTexts({
    INVALID_KS: '会话 (KS) 无效或已过期。',
    NETWORK_ERROR: '网络连接失败。',
    FILE_TOO_LARGE: '文件太大。',
    EMPTY_FILE: '文件为空。',
  }),
  announceStart: (name) => `正在上传 ${name}`,
  announceDone: (name) => `${name} 已上传`,
  announceFailed: (name, message) => `${name} 上传失败：${message}`,
  announceRejected: (name, message) => `${name} 未上传：${message}`,
  announceResuming: (name, percent) => `正在从 ${percent} 继续上传 ${name}`,
  announceWaitingForNetwork: (name) => `${name} 正在等待网络`,
  interruptedList: '已中断的上传',
  interruptedProgress: (percent) => `已上传 ${percent}`,
  chooseAgain: '再次选择此文件以继续',
  forget: '放弃',
  nameLabel: '名称',
  descriptionLabel: '描述',
  tagsLabel: '标签',
  posterAlt: (name) => `${name} 的预览`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: '处理中',
  readyToPlay: '可以播放',
  conversionFailed: '转换失败',
  play: '播放',
  unsafeLink: '链接已隐藏：不是 http(s) 地址。',
  tooShort: (min) => `此文件短于 ${min}。`,
  tooLong: (max) => `此文件长于 ${max}。`,
  announceReady: (name) => `${name} 已可播放`,
  announceConversionFailed: (name) => `${name} 无法转换`,
  formRequired: '请至少上传一个文件。',
  formBusy: (n) => count(n, { other: '请等待 # 个上传完成。' }),
  recordCamera: '录制摄像头',
  recordScreen: '录制屏幕',
  stopRecording: '停止',
  recordingPreview: '实时预览',
  recordingTime: (time) => `正在录制 ${time}`,
  recordingName: (dateTime) => `录制 ${dateTime}`,
  recordingNotAllowed: '无法开始录制：访问摄像头、麦克风或屏幕的请求被拒绝。',
  recordingNoDevice: '无法开始录制：未找到摄像头，或其他程序正在使用它。',
  recordingNotSupported: '此浏览器无法在这里录制。',
  recordingDeviceLost: '摄像头或麦克风已断开。已录制的内容正在上传。',
  continueUpload: '继续',
};

registerLocale('zh-Hans', zhHans);

export default zhHans;
