// Hebrew (עברית) for <kaltura-uploader>, written right to left: the element lays itself out
// mirrored for `lang="he"` even without `dir="rtl"`. Buttons are nouns of action and requests are
// addressed in the plural, as Hebrew interfaces usually do, to avoid choosing a gender. Counts
// take the forms one, two and other. Importing this module registers it for `he` (and `iw`).
import { registerLocale } from '../element/i18n/locale-packs.js';
import type { UploaderStrings } from '../element/i18n/strings.js';
import { errorTexts, plural, seconds } from './intl-forms.js';

const count = plural('he');
const inSeconds = seconds('he');

const he: UploaderStrings = {
  dropzone: 'גררו קבצים לכאן או בחרו קבצים',
  dropzoneHint: (accept, max) => [accept, max && `עד ${max}`].filter(Boolean).join(', '),
  start: 'העלאה',
  pause: 'השהיה',
  resume: 'המשך',
  cancel: 'ביטול',
  retry: 'ניסיון חוזר',
  remove: 'הסרה',
  actionLabel: (action, name) => `${action} ${name}`,
  fileList: 'קבצים',
  queued: 'בתור',
  starting: 'מתחיל',
  uploading: 'בהעלאה',
  paused: 'מושהה',
  retrying: (s) => `ניסיון חוזר בעוד ${inSeconds(s)}`,
  finalizing: 'בשלבי סיום',
  resumingFrom: (percent) => `ממשיך מ־${percent}`,
  waitingForNetwork: 'ממתין לרשת',
  done: 'הושלם',
  failed: 'נכשל',
  cancelled: 'בוטל',
  rejected: 'לא הועלה',
  progress: (confirmed, sent, total) => `${confirmed} מתוך ${total} (${sent} נשלחו)`,
  progressValue: (confirmed, sent) => `${confirmed} אושרו, ${sent} נשלחו`,
  speed: (v) => v,
  timeLeft: (d) => `זמן שנותר: ${d}`,
  entryId: (id) => `רשומה ${id}`,
  thumbnailAlt: (name) => `תמונה ממוזערת של ${name}`,
  wrongType: (accept) => `סוג קובץ זה אינו מתקבל (מותרים: ${accept}).`,
  tooLarge: (max) => `קובץ זה גדול מ־${max}.`,
  empty: 'קובץ זה ריק.',
  errorMessage: errorTexts({
    INVALID_KS: 'ההפעלה (KS) אינה תקפה או שפג תוקפה.',
    NETWORK_ERROR: 'החיבור לרשת נכשל.',
    FILE_TOO_LARGE: 'הקובץ גדול מדי.',
    EMPTY_FILE: 'הקובץ ריק.',
  }),
  announceStart: (name) => `מעלה את ${name}`,
  announceDone: (name) => `${name} הועלה`,
  announceFailed: (name, message) => `ההעלאה של ${name} נכשלה: ${message}`,
  announceRejected: (name, message) => `${name} לא הועלה: ${message}`,
  announceResuming: (name, percent) => `ממשיך להעלות את ${name} מ־${percent}`,
  announceWaitingForNetwork: (name) => `${name} ממתין לרשת`,
  interruptedList: 'העלאות שנקטעו',
  interruptedProgress: (percent) => `${percent} הועלו`,
  chooseAgain: 'בחרו בקובץ הזה שוב כדי להמשיך',
  forget: 'מחיקה',
  nameLabel: 'שם',
  descriptionLabel: 'תיאור',
  tagsLabel: 'תגיות',
  posterAlt: (name) => `תצוגה מקדימה של ${name}`,
  mediaDetails: (duration, resolution) => [duration, resolution].filter(Boolean).join(' · '),
  processing: 'בעיבוד',
  readyToPlay: 'מוכן לצפייה',
  conversionFailed: 'ההמרה נכשלה',
  play: 'הפעלה',
  unsafeLink: 'הקישור הוסתר: זו אינה כתובת http(s).',
  tooShort: (min) => `הקובץ קצר מ־${min}.`,
  tooLong: (max) => `הקובץ ארוך מ־${max}.`,
  announceReady: (name) => `${name} מוכן לצפייה`,
  announceConversionFailed: (name) => `לא ניתן היה להמיר את ${name}`,
  formRequired: 'יש להעלות לפחות קובץ אחד.',
  formBusy: (n) => count(n, {
    one: 'יש להמתין לסיום ההעלאה.',
    two: 'יש להמתין לסיום שתי ההעלאות.',
    other: 'יש להמתין לסיום # ההעלאות.',
  }),
  recordCamera: 'הקלטת מצלמה',
  recordScreen: 'הקלטת מסך',
  stopRecording: 'עצירה',
  recordingPreview: 'תצוגה מקדימה חיה',
  recordingTime: (time) => `הקלטה ${time}`,
  recordingName: (dateTime) => `הקלטה ${dateTime}`,
  recordingNotAllowed: 'לא ניתן היה להתחיל את ההקלטה: הגישה למצלמה, למיקרופון או למסך נדחתה.',
  recordingNoDevice: 'לא ניתן היה להתחיל את ההקלטה: לא נמצאה מצלמה, או שתוכנה אחרת משתמשת בה.',
  recordingNotSupported: 'הדפדפן הזה לא יכול להקליט כאן.',
  recordingDeviceLost: 'המצלמה או המיקרופון נותקו. מה שהוקלט מועלה עכשיו.',
  continueUpload: 'המשך',
};

registerLocale('he', he);

export default he;
