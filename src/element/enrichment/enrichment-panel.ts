// What a row may add to its entry besides the file, in a chunk of its own that the element loads
// once `metadata`, `captions`, `category-ids` or `metadata-profile-id` is set (the element holds
// only that `import()` and a few calls):
// - captions: "Add captions" (.srt, .vtt, .dfxp) with a language choice on a video or audio row;
//   a dropped .srt/.vtt whose base name matches a queued video attaches to it;
// - categories: the `category-ids` attribute, and in `metadata` mode a picker over
//   `categoryChoices` or, without them, what `category.list` gives this KS;
// - custom metadata: `metadata-profile-id` makes `metadata` mode read that profile's XSD
//   (`metadata_metadataprofile.get`) and render its fields; a row waits until they are valid;
// - the conversion profile: a picker over `conversionProfileChoices` (`entry.conversionProfileId`).
// After the upload the row tells each outcome (a refused caption, a PENDING category, the
// validator's text) and the entry fields Kaltura dropped, also as `kaltura-entry-fields-dropped`.
//
// Like the recorder, it imports nothing of the element's at run time but lit and its own modules:
// the element hands over the engine functions it needs (a module both import would be split into
// a third chunk, and its glue would cost the element's bundle).
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { UploadError } from '../../errors.js';
import type { callKaltura } from '../../kaltura/client.js';
import type { callOnce, CallOptions, KsSource } from '../../engine/options.js';
import type { ChunkedUploadOptions } from '../../engine/chunked-upload.js';
import type { CaptionOption, MetadataValue } from '../../engine/enrichment/enrichment-options.js';
import { fieldProblem, metadataFields, type MetadataField } from '../../kaltura/metadata-xsd.js';
import { captionFormatOf } from '../../kaltura/asset-api.js';
import type { KalturaCategory, KalturaList, KalturaMetadataProfile } from '../../kaltura/enrichment-types.js';
import type { Localize } from '../i18n/localize.js';
import type { UploaderStrings } from '../i18n/strings.js';
import type { QueueItem, UploadQueue } from '../controllers/upload-queue.js';
import { enrichmentStrings } from './enrichment-strings.js';

export type EnrichmentKit = readonly [callOnce: typeof callOnce, callKaltura: typeof callKaltura, UploadErrorClass: typeof UploadError];

/** A category the picker offers. */
export interface CategoryChoice {
  id: number;
  fullName: string;
}

/** A conversion profile the picker offers (the app lists them: `conversionProfile.list` is refused to a user KS). */
export interface ConversionProfileChoice {
  id: number;
  name: string;
}

/** The element's properties the panel reads. */
type Host = ReactiveControllerHost & HTMLElement & {
  captions?: boolean;
  metadata: boolean;
  categoryIds?: string;
  metadataProfileId?: number;
  categoryChoices?: CategoryChoice[];
  conversionProfileChoices?: ConversionProfileChoice[];
  /** Kaltura language names offered for captions (KalturaLanguage), the first the default. */
  captionLanguages?: string[];
};

/** What one row asked for. */
interface RowChoices {
  captions: Array<{ file: File; language: string }>;
  categoryIds?: number[];
  values: Record<string, string | string[]>;
  conversionProfileId?: number;
  /** A row whose result was reported (dropped fields). */
  reported?: boolean;
}

/** The languages offered when the page gives none: Kaltura's names. */
const LANGUAGES = ['English', 'Spanish', 'French', 'German', 'Italian', 'Portuguese', 'Dutch', 'Hebrew', 'Arabic', 'Japanese', 'Chinese', 'Korean', 'Russian'];
/** The element's language (its base tag) as Kaltura's language name, the caption's first guess. */
const BY_TAG: Record<string, string> = { en: 'English', es: 'Spanish', fr: 'French', de: 'German', it: 'Italian', pt: 'Portuguese', nl: 'Dutch', he: 'Hebrew', ar: 'Arabic', ja: 'Japanese', zh: 'Chinese', ko: 'Korean', ru: 'Russian' };
const CAPTION_FILES = /\.(srt|vtt|dfxp)$/i;
const baseName = (name: string) => name.replace(/\.[^.]*$/, '').replace(/\.[a-z]{2}(-[A-Za-z]+)?$/, '').toLowerCase();
const isMedia = (file: File) => /^(video|audio)\//.test(file.type) || /\.(mp4|mov|webm|mkv|m4v|avi|mp3|wav|m4a)$/i.test(file.name);

const styles = css`
  .enrich { display: grid; gap: 0.4rem; margin-top: 0.5rem; }
  .enrich fieldset { border: 1px solid var(--kaltura-uploader-border); border-radius: calc(var(--kaltura-uploader-radius) / 2); padding: 0.4rem 0.6rem; margin: 0; }
  .enrich legend { font-weight: 600; }
  .enrich .field { display: grid; gap: 0.2rem; }
  .enrich .invalid { color: var(--kaltura-uploader-error); font-size: 0.85em; }
  .enrich .outcome { margin: 0; font-size: 0.9em; }
  .enrich .outcome.warn { color: var(--kaltura-uploader-error); }
  .enrich .captions { display: grid; gap: 0.3rem; justify-items: start; }
  .enrich .caption { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
  .enrich .required::after { content: ' *'; color: var(--kaltura-uploader-error); }
`;

export class EnrichmentPanel implements ReactiveController {
  readonly #host: Host;
  readonly #words: Localize;
  readonly #queue: UploadQueue;
  readonly #kit: EnrichmentKit;
  readonly #callOptions: () => CallOptions & { ks: KsSource };
  readonly #rows = new WeakMap<QueueItem, RowChoices>();
  /** Caption files dropped with their video, by base name, until its row exists. */
  readonly #pending = new Map<string, File[]>();
  /** The profile's fields once read (or why not), for `metadataProfileId`. */
  #profile?: { id: number; fields?: MetadataField[]; error?: UploadError };
  /** Categories from category.list, when the app gives no choices. */
  #listed?: CategoryChoice[] | UploadError;
  #listing = false;

  constructor(host: Host, words: Localize, queue: UploadQueue, kit: EnrichmentKit, callOptions: () => CallOptions & { ks: KsSource }) {
    this.#host = host;
    this.#words = words;
    this.#queue = queue;
    this.#kit = kit;
    this.#callOptions = callOptions;
    host.addController(this);
    const root = host.shadowRoot;
    // The panel's own rules, beside the element's (adoptedStyleSheets keeps strict CSP pages working).
    if (root && styles.styleSheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, styles.styleSheet];
    this.#changed(); // the rows get their part, the profile is read
    // Files that waited for this chunk may go, once the element holds it (after this constructor).
    void Promise.resolve().then(() => queue.pump());
  }

  /**
   * Renders the rows again: the list renders a row only when one of its item's values is new
   * (file-list.ts), so each item gets a new `enrichment` mark (of `item`, else of every item).
   */
  #changed(item?: QueueItem): void {
    for (const i of item ? [item] : this.#queue.items) (i as unknown as Record<string, unknown>).enrichment = {};
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    const id = this.#host.metadataProfileId;
    if (id && this.#profile?.id !== id) void this.#readProfile(id);
    if (this.#host.metadata && !this.#host.categoryChoices && this.#host.categoryIds && !this.#listed && !this.#listing) void this.#listCategories();
  }

  /** Tells each completed row's dropped fields once (an event; the row shows them too). */
  hostUpdated(): void {
    for (const item of this.#queue.items) {
      const result = item.status.state === 'complete' ? item.status.result : undefined;
      const row = this.#row(item);
      if (!result || row.reported) continue;
      row.reported = true;
      const dropped = this.#dropped(item);
      if (dropped.length) {
        this.#host.dispatchEvent(new CustomEvent('kaltura-entry-fields-dropped', { bubbles: true, composed: true, detail: { file: item.file, entryId: result.entryId, droppedFields: dropped } }));
      }
    }
  }

  /** The engine options this row adds (captions, categories, custom metadata, conversion profile). */
  options(item: QueueItem): Partial<ChunkedUploadOptions> {
    const row = this.#row(item);
    const out: Partial<ChunkedUploadOptions> = {};
    if (row.captions.length) {
      // The first caption in the page's first language is the default one.
      out.captions = row.captions.map((c, i): CaptionOption => ({ file: c.file, language: c.language, format: captionFormatOf(c.file.name), isDefault: i === 0 }));
    }
    const categories = row.categoryIds ?? this.#givenCategories();
    if (categories.length) out.categoryIds = categories;
    const fields = this.#fields();
    if (fields && this.#host.metadata) out.customMetadata = { profileId: this.#profile!.id, fields: this.#values(item, fields) };
    if (row.conversionProfileId) (item.fields as unknown as Record<string, unknown>).conversionProfileId = row.conversionProfileId;
    return out;
  }

  /** False while the row must wait: its profile is still being read, or its fields are not valid. */
  ready(item: QueueItem): boolean {
    if (!this.#host.metadata || !this.#host.metadataProfileId) return true;
    const fields = this.#fields();
    if (!fields) return !!this.#profile?.error;
    const values = this.#values(item, fields);
    return fields.every((f) => !fieldProblem(f, values[f.name]));
  }

  /**
   * Caption files whose base name matches a queued video (or one added with them) attach to it;
   * the other files are returned.
   */
  take(given: FileList | File[]): File[] {
    const files = [...given];
    if (!this.#host.captions && !this.#host.metadata) return files;
    const waiting = this.#queue.items.filter((i) => i.status.state === 'queued' && !i.upload && isMedia(i.file));
    const coming = new Set(files.filter(isMedia).map((f) => baseName(f.name)));
    return files.filter((file) => {
      if (!/\.(srt|vtt)$/i.test(file.name)) return true;
      const base = baseName(file.name);
      const video = waiting.find((i) => baseName(i.file.name) === base);
      if (video) this.#addCaption(video, file);
      else if (coming.has(base)) this.#pending.set(base, [...(this.#pending.get(base) ?? []), file]);
      else return true;
      return false;
    });
  }

  /** The row's part: while it waits, the choices; once complete, the outcomes. */
  row(item: QueueItem): TemplateResult | typeof nothing {
    const s = this.#strings();
    const status = item.status;
    if (status.state === 'complete') return this.#outcomes(item, s);
    if (status.state !== 'queued' || item.upload) return nothing;
    const host = this.#host;
    const parts = [
      (host.captions || host.metadata) && isMedia(item.file) ? this.#captions(item, s) : nothing,
      host.metadata ? this.#categories(item, s) : nothing,
      host.metadata && host.conversionProfileChoices?.length ? this.#conversion(item, s) : nothing,
      host.metadata && host.metadataProfileId ? this.#metadata(item, s) : nothing,
    ];
    return html`<div part="enrichment" class="enrich">${parts}</div>`;
  }

  #captions(item: QueueItem, s: UploaderStrings): TemplateResult {
    const row = this.#row(item);
    const languages = this.#languages();
    const pick = (e: Event) => {
      const input = e.target as HTMLInputElement;
      for (const file of Array.from(input.files ?? [])) this.#addCaption(item, file);
      input.value = '';
    };
    return html`<div part="captions" class="captions">
      ${row.captions.map((c, i) => html`<div class="caption">
        <span>${c.file.name}</span>
        <select aria-label=${s.captionLanguage(c.file.name)} @change=${(e: Event) => { c.language = (e.target as HTMLSelectElement).value; this.#changed(item); }}>
          ${languages.map((l) => html`<option .value=${l} ?selected=${l === c.language}>${l}</option>`)}
        </select>
        <button part="button remove-caption-button" class="button" type="button" aria-label=${s.removeCaption(c.file.name)} @click=${() => { row.captions.splice(i, 1); this.#changed(item); }}>×</button>
      </div>`)}
      <label part="button add-captions-button" class="button">${s.addCaptions}<input type="file" hidden multiple accept=".srt,.vtt,.dfxp" @change=${pick} /></label>
    </div>`;
  }

  #categories(item: QueueItem, s: UploaderStrings): TemplateResult | typeof nothing {
    const choices = this.#host.categoryChoices ?? (Array.isArray(this.#listed) ? this.#listed : undefined);
    if (!choices?.length) return nothing;
    const row = this.#row(item);
    const chosen = row.categoryIds ?? this.#givenCategories();
    const toggle = (id: number, on: boolean) => {
      row.categoryIds = on ? [...new Set([...chosen, id])] : chosen.filter((c) => c !== id);
      this.#changed(item);
    };
    return html`<fieldset part="categories"><legend>${s.categoriesLabel}</legend>
      ${choices.map((c) => html`<label class="choice"><input type="checkbox" .checked=${chosen.includes(c.id)} @change=${(e: Event) => toggle(c.id, (e.target as HTMLInputElement).checked)} /> ${c.fullName}</label>`)}
    </fieldset>`;
  }

  #conversion(item: QueueItem, s: UploaderStrings): TemplateResult {
    const row = this.#row(item);
    const id = `conversion-${item.id}`;
    return html`<div class="field"><label for=${id}>${s.conversionProfileLabel}</label>
      <select id=${id} @change=${(e: Event) => { row.conversionProfileId = Number((e.target as HTMLSelectElement).value) || undefined; this.#changed(item); }}>
        <option value="">${s.conversionProfileDefault}</option>
        ${this.#host.conversionProfileChoices!.map((p) => html`<option .value=${String(p.id)} ?selected=${p.id === row.conversionProfileId}>${p.name}</option>`)}
      </select></div>`;
  }

  #metadata(item: QueueItem, s: UploaderStrings): TemplateResult | typeof nothing {
    const profile = this.#profile;
    if (profile?.error) return html`<p part="message" class="message">${s.metadataProfileFailed(this.#words.error(profile.error))}</p>`;
    const fields = profile?.fields;
    if (!fields) return nothing;
    const row = this.#row(item);
    const values = this.#values(item, fields);
    // A field's problem shows once it was touched, or once Upload was pressed (the row no longer held).
    const problems = fields.map((f) => (!item.held || f.name in row.values ? fieldProblem(f, values[f.name]) : undefined));
    const set = (f: MetadataField, value: string | string[]) => {
      row.values[f.name] = value;
      this.#changed(item);
      this.#queue.pump(); // a row that waited for its fields may go now
    };
    const problemText = { required: s.fieldRequired, notInList: s.fieldNotInList, notADate: s.fieldNotADate, notANumber: s.fieldNotANumber };
    return html`<fieldset part="custom-fields" class="custom-fields">
      ${fields.map((f, i) => {
        const id = `md-${f.name}-${item.id}`;
        const problem = problems[i];
        const raw = row.values[f.name];
        const describe = problem ? `${id}-problem` : nothing;
        const label = html`<label for=${id} class=${f.required ? 'required' : ''}>${f.label}</label>`;
        let control: TemplateResult;
        if (f.kind === 'list' && f.multiple) {
          const list = Array.isArray(raw) ? raw : [];
          control = html`<div id=${id} role="group" aria-describedby=${describe}>${f.values!.map((v) => html`<label class="choice"><input type="checkbox" .checked=${list.includes(v)}
            @change=${(e: Event) => set(f, (e.target as HTMLInputElement).checked ? [...list, v] : list.filter((x) => x !== v))} /> ${v}</label>`)}</div>`;
        } else if (f.kind === 'list') {
          control = html`<select id=${id} aria-required=${f.required} aria-invalid=${!!problem} aria-describedby=${describe} @change=${(e: Event) => set(f, (e.target as HTMLSelectElement).value)}>
            <option value=""></option>${f.values!.map((v) => html`<option .value=${v} ?selected=${v === raw}>${v}</option>`)}</select>`;
        } else if (f.kind === 'date') {
          control = html`<input id=${id} type="date" .value=${typeof raw === 'string' ? raw : ''} aria-required=${f.required} aria-invalid=${!!problem} aria-describedby=${describe} @input=${(e: Event) => set(f, (e.target as HTMLInputElement).value)} />`;
        } else if (f.multiple || f.kind === 'textarea') {
          const text = Array.isArray(raw) ? raw.join('\n') : (raw ?? '');
          control = html`<textarea id=${id} rows="2" .value=${text} aria-required=${f.required} aria-invalid=${!!problem} aria-describedby=${describe}
            @input=${(e: Event) => { const v = (e.target as HTMLTextAreaElement).value; set(f, f.multiple ? v.split('\n') : v); }}></textarea>`;
        } else {
          control = html`<input id=${id} .value=${typeof raw === 'string' ? raw : ''} inputmode=${f.kind === 'number' ? 'decimal' : nothing} aria-required=${f.required} aria-invalid=${!!problem} aria-describedby=${describe}
            @input=${(e: Event) => set(f, (e.target as HTMLInputElement).value)} />`;
        }
        const hint = f.multiple && f.kind !== 'list' ? html`<span class="muted">${s.fieldOnePerLine}</span>` : nothing;
        return html`<div class="field">${label}${control}${hint}${problem ? html`<span id=${describe} class="invalid">${problemText[problem]}</span>` : nothing}</div>`;
      })}
      ${problems.some(Boolean) ? html`<p part="fields-incomplete" class="outcome warn">${s.fieldsIncomplete}</p>` : nothing}
    </fieldset>`;
  }

  /** A completed row: each caption's, category's and the metadata's outcome, and dropped fields. */
  #outcomes(item: QueueItem, s: UploaderStrings): TemplateResult | typeof nothing {
    if (item.status.state !== 'complete') return nothing;
    const result = item.status.result;
    const row = this.#row(item);
    const lines: Array<[text: string, warn: boolean]> = [];
    const reason = (e: UploadError) => this.#words.error(e);
    result.captions?.forEach((c, i) => {
      const name = row.captions[i]?.file.name ?? '';
      if (!c.error) lines.push([s.captionAdded(name), false]);
      else lines.push([c.error.code === 'SERVICE_FORBIDDEN' ? s.captionsNotAllowed : s.captionFailed(name, reason(c.error)), true]);
    });
    const names = new Map((this.#host.categoryChoices ?? (Array.isArray(this.#listed) ? this.#listed : [])).map((c) => [c.id, c.fullName]));
    for (const c of result.categories ?? []) {
      const name = names.get(c.categoryId) ?? String(c.categoryId);
      if (c.error) lines.push([s.categoryFailed(name, reason(c.error)), true]);
      else if (c.status === 1) lines.push([s.categoryPending(name), false]);
    }
    // Kaltura's own text (for INVALID_METADATA_DATA, the validator's): data, rendered as text.
    if (result.customMetadata?.error) lines.push([s.metadataFailed(result.customMetadata.error.message), true]);
    const dropped = this.#dropped(item);
    if (dropped.length) lines.push([s.fieldsDropped(dropped.join(', ')), true]);
    if (!lines.length) return nothing;
    return html`<div part="enrichment-outcome" class="enrich">${lines.map(([text, warn]) => html`<p class="outcome ${warn ? 'warn' : ''}">${text}</p>`)}</div>`;
  }

  /** The entry fields the engine found dropped (its comparison of what was asked with the entry's answer). */
  #dropped(item: QueueItem): string[] {
    return item.status.state === 'complete' ? (item.status.result.droppedFields ?? []) : [];
  }

  #addCaption(item: QueueItem, file: File): void {
    if (!CAPTION_FILES.test(file.name)) return;
    this.#row(item).captions.push({ file, language: this.#guessLanguage(file.name) });
    this.#changed(item);
  }

  /** `talk.fr.vtt` → French; else the element's language, else the first offered. */
  #guessLanguage(fileName: string): string {
    const languages = this.#languages();
    const tag = /\.([a-z]{2})(-[A-Za-z]+)?\.[^.]+$/.exec(fileName)?.[1] ?? (this.#words.lang ?? 'en').split('-')[0];
    const name = BY_TAG[tag ?? ''];
    return name && languages.includes(name) ? name : languages[0]!;
  }

  #languages(): string[] {
    return this.#host.captionLanguages?.length ? this.#host.captionLanguages : LANGUAGES;
  }

  #givenCategories(): number[] {
    return (this.#host.categoryIds ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter((n) => Number.isInteger(n) && n > 0);
  }

  #fields(): MetadataField[] | undefined {
    const p = this.#profile;
    return p && p.id === this.#host.metadataProfileId ? p.fields : undefined;
  }

  /** The row's values as the engine takes them: dates as Date (from the date input), lists as given. */
  #values(item: QueueItem, fields: MetadataField[]): Record<string, MetadataValue> {
    const row = this.#row(item);
    const out: Record<string, MetadataValue> = {};
    for (const f of fields) {
      const raw = row.values[f.name];
      if (raw === undefined) continue;
      const list = (Array.isArray(raw) ? raw : [raw]).map((v) => v.trim()).filter(Boolean);
      const values = f.kind === 'date' ? list.map((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T00:00:00Z`) : v)) : list;
      if (values.length) out[f.name] = f.multiple ? values : values[0]!;
    }
    return out;
  }

  #row(item: QueueItem): RowChoices {
    let row = this.#rows.get(item);
    if (!row) {
      this.#rows.set(item, (row = { captions: [], values: {} }));
      // Captions dropped together with this video.
      const base = baseName(item.file.name);
      for (const file of this.#pending.get(base) ?? []) row.captions.push({ file, language: this.#guessLanguage(file.name) });
      this.#pending.delete(base);
    }
    return row;
  }

  #strings(): UploaderStrings {
    return { ...enrichmentStrings, ...this.#words.strings };
  }

  async #readProfile(id: number): Promise<void> {
    const [callOnce, callKaltura, UploadErrorClass] = this.#kit;
    this.#profile = { id };
    try {
      const profile = await callOnce(this.#callOptions(), (ctx) => callKaltura<KalturaMetadataProfile>(ctx, 'metadata_metadataprofile', 'get', { id }));
      if (this.#profile?.id !== id) return;
      const fields = metadataFields(profile.xsd ?? '');
      this.#profile = fields.length ? { id, fields } : { id, error: new UploadErrorClass('BAD_RESPONSE', `Profile ${id} has no fields`) };
    } catch (e) {
      if (this.#profile?.id === id) this.#profile = { id, error: e as UploadError };
    }
    this.#changed();
    this.#queue.pump();
  }

  async #listCategories(): Promise<void> {
    const [callOnce, callKaltura] = this.#kit;
    this.#listing = true;
    try {
      const list = await callOnce(this.#callOptions(), (ctx) => callKaltura<KalturaList<KalturaCategory>>(ctx, 'category', 'list', {
        filter: { objectType: 'KalturaCategoryFilter', orderBy: '+fullName' }, pager: { objectType: 'KalturaFilterPager', pageSize: 500 },
      }));
      this.#listed = (list.objects ?? []).map((c) => ({ id: Number(c.id), fullName: c.fullName ?? c.name ?? String(c.id) }));
    } catch (e) {
      this.#listed = e as UploadError;
    }
    this.#listing = false;
    this.#changed();
  }
}
