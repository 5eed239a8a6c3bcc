// English for <kaltura-uploader>: the element's own defaults (so it needs no import), registered
// under `en` too, so a page that imports the pack of its language by name can do so for English.
import { registerLocale } from '../element/locale-packs.js';
import { defaultStrings } from '../element/strings.js';

registerLocale('en', defaultStrings);

export default defaultStrings;
