// The element's words and numbers: its language (its own `lang`, else the nearest ancestor's,
// across shadow roots, else the document's), its direction, its strings (English under the
// language's pack under `el.strings` overrides), and the texts built from them: percentages, the
// accepted types, why a file was rejected, what an error means to a person. Resolved once per
// update, so a render of many rows asks the DOM once.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { UploadError } from '../../errors.js';
import type { Rejection } from '../files/file-checks.js';
import { formatBytes, formatPercent } from './format.js';
import { formatClock } from '../media/media-format.js';
import { packs, watch } from './locale-packs.js';
import { defaultStrings, type UploaderStrings } from './strings.js';

/** The host attributes the words depend on. */
export interface LocalizeHost extends ReactiveControllerHost, HTMLElement {
  strings: Partial<UploaderStrings>;
  accept: string;
  maxFileSize?: number;
  minDuration?: number;
  maxDuration?: number;
}

/** Scripts written right to left (Arabic, Hebrew, Syriac, Thaana, N'Ko, Adlam, Hanifi Rohingya). */
const RTL_SCRIPTS = /^(Arab|Hebr|Syrc|Thaa|Nkoo|Adlm|Rohg)$/;

/** `el.closest(selector)`, continuing past the shadow roots `el` sits in. */
function closest(el: Element, selector: string): HTMLElement | undefined {
  const host = (el.getRootNode() as ShadowRoot).host;
  return (el.closest(selector) as HTMLElement | null) ?? (host && closest(host, selector));
}

export class Localize implements ReactiveController {
  /**
   * The merged strings: English, under the language's pack, under `strings`. (The recorder's
   * English defaults join in its own chunk, beneath these: recorder/recorder-strings.ts.)
   */
  strings = defaultStrings as UploaderStrings;
  /** The element's language (canonical BCP 47), if Intl knows it. */
  lang?: string;
  /**
   * `rtl` or `ltr`: a `dir` on the element or an ancestor at least as near as the nearest `lang`
   * wins; otherwise the language's script decides (`lang="he"` alone lays out right to left).
   */
  dir = 'ltr';

  readonly #host: LocalizeHost;
  #merged?: [Partial<UploaderStrings> | undefined, Partial<UploaderStrings>, UploaderStrings];
  /** English defaults: the element's, and those a feature's chunk brought (addDefaults). */
  #defaults: Partial<UploaderStrings> = defaultStrings;

  constructor(host: LocalizeHost) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    watch(this.#host, true);
  }

  /** English defaults of a feature that loads in a chunk of its own (replacing media, importing links), beneath packs and overrides. */
  addDefaults(more: Partial<UploaderStrings>): void {
    this.#defaults = { ...this.#defaults, ...more };
    this.#merged = undefined;
    this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    watch(this.#host, false);
  }

  /** Before each render: the language, direction and strings as the DOM and the packs say now. */
  hostUpdate(): void {
    const host = this.#host;
    const langElement = closest(host, '[lang]');
    const dirElement = closest(host, '[dir]');
    let lang: string | undefined;
    let locale: Intl.Locale | undefined;
    try {
      lang = Intl.getCanonicalLocales(langElement?.lang || [])[0];
      locale = new Intl.Locale(lang!).maximize();
    } catch {
      // No language, or not a tag Intl knows: English, left to right.
    }
    this.lang = lang;
    const pack = locale && (packs.get(lang!) ?? packs.get(`${locale.language}-${locale.script}`) ?? packs.get(locale.language));
    // The same merge while the pack and the overrides are the same objects: rows compare it.
    const m = this.#merged;
    this.strings = m && m[0] === pack && m[1] === host.strings ? m[2] : (this.#merged = [pack, host.strings, { ...this.#defaults, ...pack, ...host.strings } as UploaderStrings])[2];
    this.dir = dirElement && dirElement.dir !== 'auto' && (!langElement || langElement.contains(dirElement))
      ? dirElement.dir
      : RTL_SCRIPTS.test(locale?.script ?? '') ? 'rtl' : 'ltr';
  }

  bytes(n: number): string {
    return formatBytes(n, this.lang);
  }

  /** `bytes / total` as a percentage, rounded down (never "100%" too early). */
  percent(bytes: number, total: number): string {
    return formatPercent(total ? Math.floor((bytes / total) * 100) / 100 : 0, this.lang);
  }

  /** `accept` for people: "video/*, .mp4". */
  get acceptList(): string {
    return this.#host.accept.split(',').map((t) => t.trim()).filter(Boolean).join(', ');
  }

  rejection(code: Rejection): string {
    const s = this.strings;
    if (code === 'FILE_TYPE_NOT_ACCEPTED') return s.wrongType(this.acceptList);
    if (code === 'FILE_TOO_LARGE') return s.tooLarge(this.bytes(this.#host.maxFileSize ?? 0));
    if (code === 'DURATION_TOO_SHORT') return s.tooShort(formatClock(this.#host.minDuration ?? 0));
    if (code === 'DURATION_TOO_LONG') return s.tooLong(formatClock(this.#host.maxDuration ?? 0));
    return s.empty;
  }

  error(error: UploadError): string {
    return this.strings.errorMessage(error.code, error.message);
  }
}
