// The public, side-effect-free entry point. Register the element with
// `import 'kaltura-chunked-upload/define'`.
export { ChunkedUpload, DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY } from './engine/chunked-upload.js';
export type {
  ChunkedUploadEventMap, ChunkedUploadOptions, KsSource, PrepareEntryOptions, ReplacementDetail, ReplacementOutcome, UploadProgressDetail, UploadResult, UploadSource,
  UploadState, UploadStateDetail, UploadStatus,
} from './engine/chunked-upload.js';
export { approveReplace, cancelReplace } from './engine/replace-decisions.js';
export type { ReplaceDecisionOptions } from './engine/replace-decisions.js';
export type { ReplaceableEntry } from './kaltura/media-api.js';
export type { RetryOptions } from './engine/retry-policy.js';
export { DEFAULT_RESUME_MAX_AGE, LocalStorageResumeStore, MemoryResumeStore } from './engine/resume-store.js';
export type { ResumeRecord, ResumeStore } from './engine/resume-store.js';
export { fileFingerprint, resumeKey } from './engine/file-keys.js';
export { forgetInterruptedUpload, listInterruptedUploads } from './engine/interrupted-uploads.js';
export type { ForgetOptions, InterruptedUpload, InterruptedUploadsOptions } from './engine/interrupted-uploads.js';
export type { CallOptions } from './engine/options.js';
export type {
  AssetOutcome, AttachmentOption, CaptionOption, CategoryOutcome, CustomMetadataOption, EnrichmentOptions, EnrichmentResults, MetadataOutcome, MetadataValue,
} from './engine/enrichment/enrichment-options.js';
export { waitForEntryReady } from './engine/entry-tracking.js';
export type { EntryOutcome, WaitForEntryOptions } from './engine/entry-tracking.js';
export { UploadError, isUploadError } from './errors.js';
export type { LocalErrorCode, UploadErrorCode, UploadErrorInit } from './errors.js';
export type { EntryFields, KalturaMediaEntry, KalturaUploadToken, UploadTokenStatus } from './kaltura/types.js';
export type { HttpAnswer, HttpRequest, Transport } from './kaltura/transport.js';
export { KalturaUploaderElement } from './element/kaltura-uploader.js';
export type {
  KalturaUploaderElementEventMap, KalturaUploaderEventDetail, KalturaUploaderEventMap, KalturaUploaderEventName, KalturaUploaderEventTarget, UploaderCompleteDetail, UploaderEntryFailedDetail,
  UploaderEntryReadyDetail, UploaderErrorDetail, UploaderProgressDetail, UploaderStartDetail, UploaderStateChangeDetail,
} from './element/events.js';
export type { UploaderStrings } from './element/i18n/strings.js';
export type { UploaderState } from './element/controllers/internals.js';
