// KalturaLanguage: a string enum of language *names* (`English`, `Hebrew`, ...); the API derives
// `languageCode` from it. The names a caption is most often given, with their codes; a name outside
// this list is refused as Kaltura refuses one outside its (longer) enum.
export const LANGUAGE_CODES: Record<string, string> = {
  Arabic: 'ar', Chinese: 'zh', Czech: 'cs', Danish: 'da', Dutch: 'nl', English: 'en', 'English (American)': 'en-US',
  'English (British)': 'en-GB', Finnish: 'fi', French: 'fr', German: 'de', Greek: 'el', Hebrew: 'he', Hindi: 'hi',
  Hungarian: 'hu', Indonesian: 'id', Italian: 'it', Japanese: 'ja', Korean: 'ko', Norwegian: 'no', Polish: 'pl',
  Portuguese: 'pt', Romanian: 'ro', Russian: 'ru', Spanish: 'es', Swedish: 'sv', Thai: 'th', Turkish: 'tr',
  Ukrainian: 'uk', Vietnamese: 'vi', Multilingual: 'multi', Undefined: 'und',
};
