// The English defaults of the polite announcements. Their keys and docs are in ../i18n/strings.ts
// with all the others; the texts live here, in a module only the announcements' wording imports,
// so they load with it (on the first event to announce) and not with the element.
import type { AnnouncementStringKey, UploaderStrings } from '../i18n/strings.js';

export const announcementStrings: Pick<UploaderStrings, AnnouncementStringKey> = {
  announceStart: (name) => `Uploading ${name}`,
  announceDone: (name) => `${name} uploaded`,
  announceFailed: (name, message) => `${name} failed: ${message}`,
  announceRejected: (name, message) => `${name} not uploaded: ${message}`,
  announceResuming: (name, percent) => `Resuming ${name} from ${percent}`,
  announceWaitingForNetwork: (name) => `${name} is waiting for the network`,
  announceReady: (name) => `${name} is ready to play`,
  announceConversionFailed: (name) => `${name} could not be converted`,
};
