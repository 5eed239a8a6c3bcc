// The English defaults of the list of interrupted uploads. Their keys and docs are in
// ../i18n/strings.ts with all the others; the texts live here, in a module only the list's view
// imports, so they load with it (once a store holds a record) and not with the element.
import type { InterruptedStringKey, UploaderStrings } from '../i18n/strings.js';

export const interruptedStrings: Pick<UploaderStrings, InterruptedStringKey> = {
  interruptedList: 'Interrupted uploads',
  interruptedProgress: (percent) => `${percent} uploaded`,
  chooseAgain: 'Choose this file again to continue',
  forget: 'Forget',
  continueUpload: 'Continue',
};
