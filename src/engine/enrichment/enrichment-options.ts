// What an upload may add to its entry besides the file, and how each one turned out. The options
// are part of `ChunkedUploadOptions`, the outcomes part of `UploadResult`; the work is done by the
// enrichment chunk (enrich.ts), loaded only when one of these options is given. A refused
// enrichment never fails the upload: its outcome carries the error.
import type { UploadError } from '../../errors.js';
import type { MetadataValue } from '../../kaltura/metadata-xsd.js';

export type { MetadataValue } from '../../kaltura/metadata-xsd.js';

/** A caption file for `caption_captionasset` (a USER KS needs a role with CAPTION_MODIFY). */
export interface CaptionOption {
  file: Blob;
  /** Kaltura's language *name* (`KalturaLanguage`), e.g. `"English"`, `"Hebrew"`. */
  language: string;
  /** What players show; defaults to the language. */
  label?: string;
  /** KalturaCaptionType: 1 SRT, 2 DFXP, 3 WEBVTT; from the file name's extension when left out (`.srt`, `.dfxp`/`.xml`, `.vtt`). */
  format?: number;
  /** The entry's default caption. */
  isDefault?: boolean;
  /** Required for a Blob without a name. */
  fileName?: string;
}

/** A related file for `attachment_attachmentasset` (open to a USER KS on its own entries). */
export interface AttachmentOption {
  file: Blob;
  /** Defaults to the file name. */
  title?: string;
  description?: string;
  /** Required for a Blob without a name. */
  fileName?: string;
}

/** Values for a custom-metadata profile's fields, by field name (the XSD element names). */
export interface CustomMetadataOption {
  profileId: number;
  /** Text, a list's value(s), a number, or a date (sent as Unix seconds); arrays for multi-value fields. */
  fields: Record<string, MetadataValue>;
}

export interface EnrichmentOptions {
  /** Caption files, added to the new entry once it is made. */
  captions?: CaptionOption[];
  /** Related files (attachments), added to the new entry once it is made. */
  attachments?: AttachmentOption[];
  /** Numeric category ids (`categoryEntry.add` each); a moderated category answers PENDING. */
  categoryIds?: number[];
  /** Custom metadata for the entry (`metadata_metadata.add`), in the profile's XSD order. */
  customMetadata?: CustomMetadataOption;
}

/** An asset made (`id`), or why not. */
export type AssetOutcome = { id: string; error?: undefined } | { id?: undefined; error: UploadError };

/** A category assigned, with its KalturaCategoryEntryStatus (1 PENDING: waits for a moderator; 2 ACTIVE), or why not. */
export type CategoryOutcome = { categoryId: number; status: number; error?: undefined } | { categoryId: number; status?: undefined; error: UploadError };

/** The custom-metadata object made (`id`), or why not (`INVALID_METADATA_DATA` carries the validator's text). */
export type MetadataOutcome = { id: number; error?: undefined } | { id?: undefined; error: UploadError };

/** Each given enrichment's outcome, in the order given; absent for the options not given. */
export interface EnrichmentResults {
  captions?: AssetOutcome[];
  attachments?: AssetOutcome[];
  categories?: CategoryOutcome[];
  customMetadata?: MetadataOutcome;
}
