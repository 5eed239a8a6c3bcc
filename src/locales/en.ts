// English for <kaltura-uploader>: the element's own defaults (so it needs no import), registered
// under `en` too, so a page that imports the pack of its language by name can do so for English.
import { registerLocale } from '../element/i18n/locale-packs.js';
import { recorderStrings } from '../element/recorder/recorder-strings.js';
import { workflowStrings } from '../element/workflows/workflow-strings.js';
import { enrichmentStrings } from '../element/enrichment/enrichment-strings.js';
import { defaultStrings } from '../element/i18n/strings.js';
import { interruptedStrings } from '../element/views/interrupted-strings.js';
import { announcementStrings } from '../element/controllers/announcement-strings.js';
import type { UploaderStrings } from '../element/i18n/strings.js';

/** The element's defaults, the recorder's, the workflows', the enrichment's, the interrupted list's and the announcements' (those otherwise load with their features). */
const en: UploaderStrings = { ...defaultStrings, ...recorderStrings, ...workflowStrings, ...enrichmentStrings, ...interruptedStrings, ...announcementStrings };

registerLocale('en', en);

export default en;
