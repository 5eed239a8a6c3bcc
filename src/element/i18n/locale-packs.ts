// The language packs the page has loaded (`import 'kaltura-chunked-upload/locales/he'` registers
// one), and the uploaders that show them: a pack that arrives late, or a `lang` or `dir` that
// changes anywhere in the document, re-renders every connected uploader. Packs are modules of
// their own, so the default bundle carries English only.
import type { ReactiveControllerHost } from 'lit';
import type { UploaderStrings } from './strings.js';

/** Registered packs by canonical tag (`he`, `pt`, `zh-Hans`). */
export const packs = new Map<string, Partial<UploaderStrings>>();
const hosts = new Set<ReactiveControllerHost>();
/** One observer for the whole page, made when the first uploader connects. */
let observer: MutationObserver | undefined;

const refresh = () => hosts.forEach((h) => h.requestUpdate());

/**
 * Registers the strings of a language (a BCP 47 tag such as `he`, `pt-BR` or `zh-Hans`) for every
 * `<kaltura-uploader>` whose language it matches (the exact tag, else language and script, else
 * the language); uploaders already on the page switch to it. Keys a pack leaves out stay English;
 * `el.strings` still wins over the pack. The packs in src/locales/ call it when imported; a page
 * with a language we ship no pack for sets `el.strings` instead.
 */
export function registerLocale(lang: string, strings: Partial<UploaderStrings>): void {
  packs.set(Intl.getCanonicalLocales(lang)[0]!, strings);
  refresh();
}

/** Follows packs and `lang`/`dir` changes for `host` while it is connected. */
export function watch(host: ReactiveControllerHost, connected: boolean): void {
  if (!connected) return void hosts.delete(host);
  hosts.add(host);
  (observer ??= new MutationObserver(refresh)).observe(document.documentElement, { attributeFilter: ['lang', 'dir'], subtree: true });
}
