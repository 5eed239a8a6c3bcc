// Arabic (العربية) for <kaltura-uploader>, Modern Standard Arabic, written right to left: the
// element lays itself out mirrored for `lang="ar"` even without `dir="rtl"`. Numbers come in the
// digits Intl uses for the page's Arabic (`ar`, `ar-EG`, `ar-MA`, …); counts take all six plural
// forms. Importing this module registers it for `ar` and its regions.
import { registerLocale } from '../element/i18n/locale-packs.js';
import type { UploaderStrings } from '../element/i18n/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('ar');
const inSeconds = seconds('ar');

const ar: UploaderStrings = {
  dropzone: 'أفلِت الملفات هنا أو اختر ملفات',
  dropzoneHint: (accept, max) => [accept, max && `حتى ${max}`].filter(Boolean).join('، '),
  start: 'رفع',
  pause: 'إيقاف مؤقت',
  resume: 'استئناف',
  cancel: 'إلغاء',
  retry: 'إعادة المحاولة',
  remove: 'إزالة',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'الملفات',
  queued: 'في قائمة الانتظار',
  starting: 'جارٍ البدء',
  uploading: 'جارٍ الرفع',
  paused: 'متوقف مؤقتًا',
  retrying: (s) => `إعادة المحاولة خلال ${inSeconds(s)}`,
  finalizing: 'جارٍ الإنهاء',
  resumingFrom: (percent) => `الاستئناف من ${percent}`,
  waitingForNetwork: 'في انتظار الشبكة',
  done: 'تم',
  failed: 'فشل',
  cancelled: 'أُلغي',
  rejected: 'لم يُرفع',
  progress: (confirmed, sent, total) => `${confirmed} من ${total} (أُرسل ${sent})`,
  progressValue: (confirmed, sent) => `تم تأكيد ${confirmed}، وأُرسل ${sent}`,
  speed: (v) => v,
  timeLeft: (d) => `الوقت المتبقي: ${d}`,
  entryId: (id) => `الإدخال ${id}`,
  thumbnailAlt: (name) => `صورة مصغّرة لـ ${name}`,
  wrongType: (accept) => `نوع الملف هذا غير مقبول (المسموح: ${accept}).`,
  tooLarge: (max) => `هذا الملف أكبر من ${max}.`,
  empty: 'هذا الملف فارغ.',
  errorMessage: errorTexts({
    INVALID_KS: 'الجلسة (KS) غير صالحة أو انتهت صلاحيتها.',
    NETWORK_ERROR: 'فشل الاتصال بالشبكة.',
    FILE_TOO_LARGE: 'الملف كبير جدًا.',
    EMPTY_FILE: 'الملف فارغ.',
  }),
  announceStart: (name) => `جارٍ رفع ${name}`,
  announceDone: (name) => `تم رفع ${name}`,
  announceFailed: (name, message) => `فشل رفع ${name}: ${message}`,
  announceRejected: (name, message) => `لم يُرفع ${name}: ${message}`,
  announceResuming: (name, percent) => `استئناف رفع ${name} من ${percent}`,
  announceWaitingForNetwork: (name) => `${name} في انتظار الشبكة`,
  interruptedList: 'عمليات رفع متوقفة',
  interruptedProgress: (percent) => `تم رفع ${percent}`,
  chooseAgain: 'اختر هذا الملف مرة أخرى للمتابعة',
  forget: 'تجاهُل',
  nameLabel: 'الاسم',
  descriptionLabel: 'الوصف',
  tagsLabel: 'الوسوم',
  posterAlt: (name) => `معاينة ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'جارٍ المعالجة',
  readyToPlay: 'جاهز للتشغيل',
  conversionFailed: 'فشل التحويل',
  play: 'تشغيل',
  unsafeLink: 'تم إخفاء الرابط: ليس عنوان http(s).',
  tooShort: (min) => `مدة هذا الملف أقل من ${min}.`,
  tooLong: (max) => `مدة هذا الملف أطول من ${max}.`,
  announceReady: (name) => `${name} جاهز للتشغيل`,
  announceConversionFailed: (name) => `تعذّر تحويل ${name}`,
  formRequired: 'ارفع ملفًا واحدًا على الأقل.',
  formBusy: (n) => count(n, {
    one: 'انتظر حتى ينتهي الرفع.',
    two: 'انتظر حتى تنتهي عمليتا الرفع.',
    few: 'انتظر حتى تنتهي # عمليات رفع.',
    many: 'انتظر حتى تنتهي # عملية رفع.',
    other: 'انتظر حتى تنتهي # عملية رفع.',
  }),
  recordCamera: 'تسجيل الكاميرا',
  recordScreen: 'تسجيل الشاشة',
  stopRecording: 'إيقاف',
  recordingPreview: 'معاينة مباشرة',
  recordingTime: (time) => `جارٍ التسجيل ${time}`,
  recordingName: (dateTime) => `تسجيل ${dateTime}`,
  recordingNotAllowed: 'تعذّر بدء التسجيل: رُفض الوصول إلى الكاميرا أو الميكروفون أو الشاشة.',
  recordingNoDevice: 'تعذّر بدء التسجيل: لم يُعثر على كاميرا، أو أن برنامجًا آخر يستخدمها.',
  recordingNotSupported: 'لا يمكن لهذا المتصفح التسجيل هنا.',
  recordingDeviceLost: 'انقطع اتصال الكاميرا أو الميكروفون. يجري رفع ما سُجّل.',
  continueUpload: 'متابعة',
};

registerLocale('ar', ar);

export default ar;
