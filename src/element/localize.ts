// The element's words and numbers: its strings (English defaults under `el.strings` overrides),
// its language (its own `lang`, else the nearest ancestor's), and the texts built from both:
// percentages, the accepted types, why a file was rejected, what an error means to a person.
import type { UploadError } from '../errors.js';
import type { Rejection } from './file-checks.js';
import { formatBytes, formatPercent } from './format.js';
import { formatClock } from './media-format.js';
import { defaultStrings, type UploaderStrings } from './strings.js';

/** The host attributes the words depend on. */
export interface LocalizeHost extends HTMLElement {
  strings: Partial<UploaderStrings>;
  accept: string;
  maxFileSize?: number;
  minDuration?: number;
  maxDuration?: number;
}

export class Localize {
  readonly #host: LocalizeHost;

  constructor(host: LocalizeHost) {
    this.#host = host;
  }

  /** The merged strings: defaults overridden by `strings` (the recorder adds its own defaults, `recorderStrings`). */
  get strings(): UploaderStrings {
    return { ...defaultStrings, ...this.#host.strings } as UploaderStrings;
  }

  /** The element's language (its own `lang`, else the nearest ancestor's), if Intl knows it. */
  get lang(): string | undefined {
    const lang = this.#host.lang || this.#host.closest('[lang]')?.getAttribute('lang');
    try {
      return lang ? Intl.getCanonicalLocales(lang)[0] : undefined;
    } catch {
      return undefined;
    }
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
