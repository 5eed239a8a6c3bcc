// The English defaults of captions, categories and custom metadata. Their keys and docs are in
// ../i18n/strings.ts with all the others; the texts live here, in a module only the enrichment
// panel imports, so they load with it and not with the element.
import type { EnrichmentStringKey, UploaderStrings } from '../i18n/strings.js';

export const enrichmentStrings: Pick<UploaderStrings, EnrichmentStringKey> = {
  addCaptions: 'Add captions',
  captionLanguage: (fileName) => `Language of ${fileName}`,
  removeCaption: (fileName) => `Remove ${fileName}`,
  captionsNotAllowed: 'Captions not allowed for this session',
  captionAdded: (fileName) => `Caption added: ${fileName}`,
  captionFailed: (fileName, reason) => `Caption ${fileName} not added: ${reason}`,
  categoriesLabel: 'Categories',
  categoryPending: (name) => `${name}: waiting for a moderator`,
  categoryFailed: (name, reason) => `${name}: not added (${reason})`,
  conversionProfileLabel: 'Conversion',
  conversionProfileDefault: 'Default',
  fieldRequired: 'Required',
  fieldNotInList: 'Choose one of the values',
  fieldNotADate: 'Enter a date',
  fieldNotANumber: 'Enter a number',
  fieldOnePerLine: 'One value per line',
  fieldsIncomplete: 'Fill in the required fields to upload this file',
  metadataFailed: (reason) => `Custom fields not saved: ${reason}`,
  metadataProfileFailed: (reason) => `The custom fields could not be loaded: ${reason}`,
  fieldsDropped: (fields) => `Not kept by Kaltura for this session: ${fields}`,
};
