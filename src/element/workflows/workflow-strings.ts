// The English defaults of replacing media and importing links. Their keys and docs are in
// ../i18n/strings.ts with all the others; the texts live here, in a module only that feature's
// chunk imports, so they load with it and not with the element.
import type { UploaderStrings, WorkflowStringKey } from '../i18n/strings.js';

export const workflowStrings: Pick<UploaderStrings, WorkflowStringKey> = {
  replacing: 'Replacing',
  waitingForApproval: 'Waiting for approval',
  replacementFailed: 'Replacement failed',
  pasteLink: 'Paste a link',
  importLink: 'Import',
  invalidLink: 'Only http and https links can be imported.',
};
